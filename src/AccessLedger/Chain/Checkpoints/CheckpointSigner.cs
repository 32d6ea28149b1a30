using System.Security.Cryptography;
using NSec.Cryptography;

namespace AccessLedger.Chain.Checkpoints;

/// <summary>A new key pair: the signing key's text (keep it secret) and the verifier key (give it to auditors).</summary>
/// <param name="SigningKey">The signing key's text, <c>PRIVATE+KEY+&lt;name&gt;+&lt;key ID&gt;+&lt;base64(0x01 ‖ seed)&gt;</c>.</param>
/// <param name="VerifierKey">The public half.</param>
public sealed record GeneratedCheckpointKey(string SigningKey, CheckpointVerifierKey VerifierKey)
{
    /// <summary>The verifier key's text; the signing key is never printed.</summary>
    public override string ToString() => VerifierKey.ToString();
}

/// <summary>
/// Signs checkpoints with an Ed25519 key as C2SP signed notes (docs/proofs.md). The key comes from a file or an
/// environment variable holding its text in the form of golang.org/x/mod/sumdb/note signer keys,
/// <c>PRIVATE+KEY+&lt;name&gt;+&lt;key ID&gt;+&lt;base64(0x01 ‖ 32-byte seed)&gt;</c>, never from the database.
/// </summary>
public sealed class CheckpointSigner : IDisposable
{
    /// <summary>The environment variable <see cref="FromEnvironment"/> reads unless told another.</summary>
    public const string DefaultVariable = "ACCESSLEDGER_CHECKPOINT_KEY";

    private const string Prefix = "PRIVATE+KEY+";
    private const int SeedSize = 32;

    private readonly Key _key;

    private CheckpointSigner(string name, Key key)
    {
        _key = key;
        VerifierKey = CheckpointVerifierKey.From(name, key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    /// <summary>The key's name: the origin of the checkpoints it signs.</summary>
    public string Name => VerifierKey.Name;

    /// <summary>The public half, to give to auditors.</summary>
    public CheckpointVerifierKey VerifierKey { get; }

    /// <summary>Reads a signing key's text.</summary>
    /// <exception cref="CheckpointKeyException">The text is not a signing key (<see cref="CheckpointKeyException.Invalid"/>).</exception>
    public static CheckpointSigner FromKeyText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw Invalid("a signing key reads PRIVATE+KEY+<name>+<8 hex digits>+<base64 key>.");
        }

        var parts = text[Prefix.Length..].Split('+', 3);
        if (parts.Length != 3 || !NoteText.IsValidKeyName(parts[0]) || !CheckpointVerifierKey.IsKeyId(parts[1], out var keyId)
            || !NoteText.TryDecodeBase64(parts[2], out var key) || key.Length == 0)
        {
            throw Invalid("a signing key reads PRIVATE+KEY+<name>+<8 hex digits>+<base64 key>.");
        }

        try
        {
            if (key[0] != CheckpointVerifierKey.Ed25519Type || key.Length != 1 + SeedSize)
            {
                throw Invalid("the signing key is not an Ed25519 key (type 0x01 and a 32-byte seed).");
            }

            var signer = new CheckpointSigner(parts[0], Key.Import(SignatureAlgorithm.Ed25519, key.AsSpan(1), KeyBlobFormat.RawPrivateKey));
            if (signer.VerifierKey.KeyId != keyId)
            {
                signer.Dispose();
                throw Invalid("the signing key's ID does not match its name and key: it was altered or mistyped.");
            }

            return signer;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Reads the signing key from a file that holds its text (surrounding whitespace is ignored).</summary>
    /// <exception cref="CheckpointKeyException">No such file, or not a signing key.</exception>
    public static CheckpointSigner FromFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new CheckpointKeyException(CheckpointKeyException.Missing, $"there is no checkpoint key file at {path}.");
        }

        return FromKeyText(File.ReadAllText(path));
    }

    /// <summary>Reads the signing key from an environment variable that holds its text.</summary>
    /// <exception cref="CheckpointKeyException">The variable is not set, or not a signing key.</exception>
    public static CheckpointSigner FromEnvironment(string variable = DefaultVariable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new CheckpointKeyException(CheckpointKeyException.Missing, $"the environment variable {variable} holds no checkpoint key.");
        }

        return FromKeyText(text);
    }

    /// <summary>Makes a new key pair with the given name (the checkpoints' origin, e.g. <c>ledger.example.com/prod</c>).</summary>
    /// <exception cref="CheckpointKeyException">The name is not a key name: empty, or with a space, a plus or a control character.</exception>
    public static GeneratedCheckpointKey Generate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!NoteText.IsValidKeyName(name))
        {
            throw Invalid("a key name is not empty and has no space, plus sign or control character.");
        }

        var seed = new byte[1 + SeedSize];
        seed[0] = CheckpointVerifierKey.Ed25519Type;
        RandomNumberGenerator.Fill(seed.AsSpan(1));
        try
        {
            using var key = Key.Import(SignatureAlgorithm.Ed25519, seed.AsSpan(1), KeyBlobFormat.RawPrivateKey);
            var verifier = CheckpointVerifierKey.From(name, key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
            return new GeneratedCheckpointKey($"{Prefix}{name}+{verifier.KeyId:x8}+{Convert.ToBase64String(seed)}", verifier);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>
    /// Makes a new key pair and writes the signing key's text to a new file that only its owner may read (on Unix,
    /// mode 0600). Returns the verifier key.
    /// </summary>
    /// <exception cref="CheckpointKeyException">The file exists (<see cref="CheckpointKeyException.Exists"/>), or the name is not a key name.</exception>
    public static CheckpointVerifierKey GenerateFile(string path, string name)
    {
        ArgumentNullException.ThrowIfNull(path);
        var generated = Generate(name);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var writer = new StreamWriter(path, NoteText.Utf8, options);
            writer.Write(generated.SigningKey + "\n");
        }
        catch (IOException) when (File.Exists(path))
        {
            throw new CheckpointKeyException(CheckpointKeyException.Exists, $"{path} exists; a checkpoint key is never overwritten.");
        }

        return generated.VerifierKey;
    }

    /// <summary>Signs a checkpoint whose origin is this key's name; returns the signed note.</summary>
    /// <exception cref="ArgumentException">The checkpoint's origin is not this key's name.</exception>
    public string Sign(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (checkpoint.Origin != Name)
        {
            throw new ArgumentException($"this key signs checkpoints of origin {Name}, not {checkpoint.Origin}.", nameof(checkpoint));
        }

        var text = checkpoint.Text;
        var signature = SignatureAlgorithm.Ed25519.Sign(_key, NoteText.Utf8.GetBytes(text));
        return SignedNote.Compose(text, Name, VerifierKey.KeyId, signature);
    }

    /// <summary>Signs any note text (ending in a newline): for tests against published signed-note vectors.</summary>
    internal string SignText(string text) =>
        SignedNote.Compose(text, Name, VerifierKey.KeyId, SignatureAlgorithm.Ed25519.Sign(_key, NoteText.Utf8.GetBytes(text)));

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();

    private static CheckpointKeyException Invalid(string message) => new(CheckpointKeyException.Invalid, message);
}

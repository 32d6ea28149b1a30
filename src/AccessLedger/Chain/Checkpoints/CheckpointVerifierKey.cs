using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using NSec.Cryptography;

namespace AccessLedger.Chain.Checkpoints;

/// <summary>
/// The public half of a checkpoint key, as the text an auditor is given:
/// <c>&lt;name&gt;+&lt;key ID, 8 hex digits&gt;+&lt;base64(0x01 ‖ 32-byte Ed25519 public key)&gt;</c>, the
/// verifier key of C2SP signed notes (and of golang.org/x/mod/sumdb/note). The key ID is the first 4 bytes of
/// SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key), big-endian.
/// </summary>
public sealed class CheckpointVerifierKey
{
    internal const byte Ed25519Type = 0x01;
    internal const int PublicKeySize = 32;

    private readonly byte[] _publicKey;
    private readonly PublicKey _key;

    private CheckpointVerifierKey(string name, byte[] publicKey, PublicKey key)
    {
        Name = name;
        _publicKey = publicKey;
        _key = key;
        KeyId = KeyIdOf(name, publicKey);
    }

    /// <summary>The key's name, which its signature lines carry (by our convention the checkpoints' origin).</summary>
    public string Name { get; }

    /// <summary>The key ID, which its signature lines carry in their first 4 bytes.</summary>
    public uint KeyId { get; }

    /// <summary>The 32-byte Ed25519 public key.</summary>
    public ReadOnlyMemory<byte> PublicKey => _publicKey;

    /// <summary>Reads a verifier key.</summary>
    /// <exception cref="CheckpointKeyException">The text is not a verifier key (<see cref="CheckpointKeyException.Invalid"/>).</exception>
    public static CheckpointVerifierKey Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        if (text.StartsWith("PRIVATE+KEY+", StringComparison.Ordinal))
        {
            throw Invalid("this is a signing key (it begins PRIVATE+KEY): give the verifier key, and keep the signing key secret.");
        }

        var parts = text.Split('+', 3);
        if (parts.Length != 3 || !NoteText.IsValidKeyName(parts[0]) || !IsKeyId(parts[1], out var keyId)
            || !NoteText.TryDecodeBase64(parts[2], out var key) || key.Length == 0)
        {
            throw Invalid("a verifier key reads <name>+<8 hex digits>+<base64 key>.");
        }

        if (key[0] != Ed25519Type || key.Length != 1 + PublicKeySize)
        {
            throw Invalid("the verifier key is not an Ed25519 key (type 0x01 and 32 bytes).");
        }

        var publicKey = key[1..];
        if (KeyIdOf(parts[0], publicKey) != keyId)
        {
            throw Invalid("the verifier key's ID does not match its name and key: it was altered or mistyped.");
        }

        return From(parts[0], publicKey);
    }

    /// <summary>The verifier key's text.</summary>
    public override string ToString() =>
        $"{Name}+{KeyId:x8}+{Convert.ToBase64String([Ed25519Type, .. _publicKey])}";

    /// <summary>The key for a name and a raw Ed25519 public key.</summary>
    internal static CheckpointVerifierKey From(string name, byte[] publicKey)
    {
        if (!NSec.Cryptography.PublicKey.TryImport(SignatureAlgorithm.Ed25519, publicKey, KeyBlobFormat.RawPublicKey, out var key) || key is null)
        {
            throw Invalid("the verifier key's 32 bytes are not an Ed25519 public key.");
        }

        return new CheckpointVerifierKey(name, publicKey, key);
    }

    /// <summary>The first 4 bytes, big-endian, of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key).</summary>
    internal static uint KeyIdOf(string name, ReadOnlySpan<byte> publicKey)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(NoteText.Utf8.GetBytes(name));
        hash.AppendData([0x0A, Ed25519Type]);
        hash.AppendData(publicKey);
        return BinaryPrimitives.ReadUInt32BigEndian(hash.GetHashAndReset());
    }

    /// <summary>Whether <paramref name="signature"/> is this key's Ed25519 signature of <paramref name="message"/>.</summary>
    internal bool Verifies(ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        signature.Length == SignatureAlgorithm.Ed25519.SignatureSize && SignatureAlgorithm.Ed25519.Verify(_key, message, signature);

    internal static bool IsKeyId(string text, out uint keyId)
    {
        keyId = 0;
        return text.Length == 8 && text.All(char.IsAsciiHexDigit)
            && uint.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out keyId);
    }

    private static CheckpointKeyException Invalid(string message) => new(CheckpointKeyException.Invalid, message);
}

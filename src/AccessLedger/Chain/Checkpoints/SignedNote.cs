using System.Buffers.Binary;

namespace AccessLedger.Chain.Checkpoints;

/// <summary>One signature line of a note: <c>— &lt;name&gt; &lt;base64(key ID ‖ signature)&gt;</c>.</summary>
internal sealed record NoteSignature(string Name, uint KeyId, byte[] Signature);

/// <summary>What a note's signatures say for one key.</summary>
internal enum SignatureOutcome
{
    /// <summary>A line from the key, and every line from it verifies.</summary>
    Valid,

    /// <summary>No line carries the key's name and ID.</summary>
    Missing,

    /// <summary>A line from the key does not verify.</summary>
    Invalid,
}

/// <summary>
/// A C2SP signed note (c2sp.org/signed-note): text ending in a newline, a blank line, then one or more signature
/// lines, each an em dash (U+2014), a space, the key name, a space, base64(4-byte key ID ‖ signature), a newline.
/// The text is separated from the signatures by the last blank line; a signature covers the text with its final
/// newline. Read as golang.org/x/mod/sumdb/note reads it.
/// </summary>
internal sealed class SignedNote
{
    /// <summary>More signature lines than this make a note malformed (as in the Go reference).</summary>
    public const int MaxSignatures = 100;

    private const string Dash = "\u2014 ";

    private SignedNote(string text, IReadOnlyList<NoteSignature> signatures)
    {
        Text = text;
        Signatures = signatures;
    }

    /// <summary>The signed text, with its final newline.</summary>
    public string Text { get; }

    /// <summary>The signature lines, in order.</summary>
    public IReadOnlyList<NoteSignature> Signatures { get; }

    /// <summary>Reads a signed note, or says why it is not one.</summary>
    public static SignedNote? Parse(string note, out string? problem)
    {
        problem = null;
        if (!NoteText.IsNoteText(note))
        {
            problem = "the note holds a control character other than the newline, or text that is not UTF-8.";
            return null;
        }

        var split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            problem = "the note has no blank line before its signatures.";
            return null;
        }

        var lines = note[(split + 2)..];
        if (lines.Length == 0 || !lines.EndsWith('\n'))
        {
            problem = "the note's signature lines do not end with a newline.";
            return null;
        }

        var signatures = new List<NoteSignature>();
        foreach (var line in lines[..^1].Split('\n'))
        {
            if (!line.StartsWith(Dash, StringComparison.Ordinal))
            {
                problem = "a signature line does not begin with an em dash and a space.";
                return null;
            }

            var space = line.IndexOf(' ', Dash.Length);
            var name = space < 0 ? line[Dash.Length..] : line[Dash.Length..space];
            var encoded = space < 0 ? "" : line[(space + 1)..];
            if (!NoteText.IsValidKeyName(name) || !NoteText.TryDecodeBase64(encoded, out var bytes) || bytes.Length < 5)
            {
                problem = "a signature line is not a key name and a base64 key ID and signature.";
                return null;
            }

            if (signatures.Count == MaxSignatures)
            {
                problem = $"the note has more than {MaxSignatures} signatures.";
                return null;
            }

            signatures.Add(new NoteSignature(name, BinaryPrimitives.ReadUInt32BigEndian(bytes), bytes[4..]));
        }

        return new SignedNote(note[..(split + 1)], signatures);
    }

    /// <summary>The note: the text, a blank line, one signature line.</summary>
    public static string Compose(string text, string name, uint keyId, ReadOnlySpan<byte> signature)
    {
        var bytes = new byte[4 + signature.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, keyId);
        signature.CopyTo(bytes.AsSpan(4));
        return $"{text}\n{Dash}{name} {Convert.ToBase64String(bytes)}\n";
    }

    /// <summary>
    /// Checks the lines of one key (its name and ID): lines of other keys are ignored (c2sp.org/signed-note); one
    /// of its lines that does not verify rejects the note.
    /// </summary>
    public SignatureOutcome Verify(CheckpointVerifierKey key)
    {
        var mine = Signatures.Where(s => s.Name == key.Name && s.KeyId == key.KeyId).ToList();
        if (mine.Count == 0)
        {
            return SignatureOutcome.Missing;
        }

        var text = NoteText.Utf8.GetBytes(Text);
        return mine.All(s => key.Verifies(text, s.Signature)) ? SignatureOutcome.Valid : SignatureOutcome.Invalid;
    }
}

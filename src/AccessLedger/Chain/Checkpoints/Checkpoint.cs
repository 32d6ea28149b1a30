using System.Globalization;
using AccessLedger.Chain.Merkle;

namespace AccessLedger.Chain.Checkpoints;

/// <summary>
/// A checkpoint of the ledger's Merkle tree in the C2SP <c>tlog-checkpoint</c> form (docs/proofs.md): the origin
/// (the log's name), the tree size and the root hash, each on its own line, then optional extension lines. Signed,
/// it is a signed note (<see cref="CheckpointSigner"/>).
/// </summary>
public sealed class Checkpoint
{
    private readonly byte[] _rootHash;

    /// <summary>Creates a checkpoint.</summary>
    /// <param name="origin">The log's name: not empty, no control character; by our convention the signing key's name.</param>
    /// <param name="size">The number of leaves (events) the tree holds.</param>
    /// <param name="rootHash">The RFC 9162 root over those leaves (32 bytes).</param>
    /// <param name="extensions">Extension lines, each not empty, no control character.</param>
    /// <exception cref="ArgumentException">A part is not of its form.</exception>
    public Checkpoint(string origin, long size, ReadOnlySpan<byte> rootHash, IEnumerable<string>? extensions = null)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (!IsLine(origin))
        {
            throw new ArgumentException("a checkpoint's origin is one line of text, not empty, with no control character.", nameof(origin));
        }

        if (rootHash.Length != MerkleHash.Size)
        {
            throw new ArgumentException($"a root hash has {MerkleHash.Size} bytes, not {rootHash.Length}.", nameof(rootHash));
        }

        var lines = extensions?.ToArray() ?? [];
        if (!lines.All(IsLine))
        {
            throw new ArgumentException("an extension line is one line of text, not empty, with no control character.", nameof(extensions));
        }

        Origin = origin;
        Size = size;
        _rootHash = rootHash.ToArray();
        Extensions = lines;
    }

    /// <summary>The log's name (the first line).</summary>
    public string Origin { get; }

    /// <summary>The number of leaves of the tree (the second line).</summary>
    public long Size { get; }

    /// <summary>The root hash of the tree (the third line, in base64).</summary>
    public ReadOnlyMemory<byte> RootHash => _rootHash;

    /// <summary>The extension lines, if any.</summary>
    public IReadOnlyList<string> Extensions { get; }

    /// <summary>The note text: every line ended by a newline, the text a signature covers.</summary>
    public string Text =>
        string.Concat([Origin, "\n", Size.ToString(CultureInfo.InvariantCulture), "\n", Convert.ToBase64String(_rootHash), "\n", .. Extensions.Select(e => e + "\n")]);

    /// <inheritdoc />
    public override string ToString() => Text;

    /// <summary>Reads a checkpoint's note text (c2sp.org/tlog-checkpoint), or says why it is not one.</summary>
    internal static Checkpoint? Parse(string text, out string? problem)
    {
        problem = null;
        if (!text.EndsWith('\n'))
        {
            problem = "the checkpoint's text does not end with a newline.";
            return null;
        }

        var lines = text[..^1].Split('\n');
        if (lines.Length < 3)
        {
            problem = $"a checkpoint has at least three lines (origin, size, root hash); this one has {lines.Length}.";
            return null;
        }

        if (lines.Any(l => l.Length == 0))
        {
            problem = "a checkpoint's lines are never empty.";
            return null;
        }

        if (!IsDecimal(lines[1], out var size))
        {
            problem = "the checkpoint's size is not a number of leaves in decimal without leading zeros.";
            return null;
        }

        if (!NoteText.TryDecodeBase64(lines[2], out var root) || root.Length != MerkleHash.Size)
        {
            problem = "the checkpoint's root hash is not 32 bytes in base64.";
            return null;
        }

        if (!lines.All(IsLine))
        {
            problem = "a checkpoint's lines hold no control character.";
            return null;
        }

        return new Checkpoint(lines[0], size, root, lines[3..]);
    }

    private static bool IsLine(string line) => line.Length > 0 && NoteText.IsNoteText(line) && !line.Contains('\n');

    private static bool IsDecimal(string text, out long value)
    {
        value = 0;
        return text.All(char.IsAsciiDigit) && (text == "0" || text[0] != '0')
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}

using System.Buffers;
using System.Security.Cryptography;

namespace AccessLedger.Chain.Merkle;

/// <summary>
/// The hashes of an RFC 9162 Merkle tree (section 2.1.1) with SHA-256: a leaf is SHA-256(0x00 ‖ leaf), an inner
/// node SHA-256(0x01 ‖ left ‖ right), the empty tree SHA-256 of no bytes. The prefixes keep a leaf from passing for
/// a node (second preimages).
/// </summary>
internal static class MerkleHash
{
    /// <summary>Bytes in every hash of the tree.</summary>
    public const int Size = 32;

    private const byte LeafPrefix = 0x00;
    private const byte NodePrefix = 0x01;

    /// <summary>The root of the tree with no leaves: SHA-256 of no bytes.</summary>
    public static ReadOnlySpan<byte> Empty =>
    [
        0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
        0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c, 0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
    ];

    /// <summary>SHA-256(0x00 ‖ leaf).</summary>
    public static byte[] Leaf(ReadOnlySpan<byte> leaf)
    {
        var hash = new byte[Size];
        Leaf(leaf, hash);
        return hash;
    }

    /// <summary>SHA-256(0x00 ‖ leaf), written to <paramref name="destination"/>.</summary>
    public static void Leaf(ReadOnlySpan<byte> leaf, Span<byte> destination)
    {
        // One-shot hashing of a copy is several times cheaper than an incremental hash object per leaf.
        var buffer = ArrayPool<byte>.Shared.Rent(leaf.Length + 1);
        try
        {
            buffer[0] = LeafPrefix;
            leaf.CopyTo(buffer.AsSpan(1));
            SHA256.HashData(buffer.AsSpan(0, leaf.Length + 1), destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>SHA-256(0x01 ‖ left ‖ right).</summary>
    public static byte[] Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var hash = new byte[Size];
        Node(left, right, hash);
        return hash;
    }

    /// <summary>SHA-256(0x01 ‖ left ‖ right), written to <paramref name="destination"/> (which may be either input).</summary>
    public static void Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        Span<byte> input = stackalloc byte[1 + (2 * Size)];
        input[0] = NodePrefix;
        left.CopyTo(input[1..]);
        right.CopyTo(input[(1 + Size)..]);
        SHA256.HashData(input, destination);
    }
}

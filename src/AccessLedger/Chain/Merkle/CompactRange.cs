using System.Buffers.Binary;
using System.Numerics;

namespace AccessLedger.Chain.Merkle;

/// <summary>Called for each complete subtree an append finishes: the leaf itself, then every parent it completes.</summary>
/// <param name="node">The subtree.</param>
/// <param name="hash">Its hash (valid during the call only).</param>
internal delegate void SubtreeCompleted(NodeId node, ReadOnlySpan<byte> hash);

/// <summary>
/// The right edge of a Merkle tree of <see cref="Size"/> leaves (a compact range over [0, size)): the hashes of the
/// complete subtrees the binary digits of the size make, largest first — at most log2(n)+1 of them. Appending a
/// leaf merges it with the subtrees it completes (amortized two hashes); <see cref="Root"/> folds the edge in
/// O(log n) hashes. The leaves themselves are never needed, so the edge can live beside the chain
/// (<see cref="ToBytes"/>, <see cref="FromBytes"/>) and be extended in the transaction that appends.
/// </summary>
internal sealed class CompactRange
{
    private const byte FormatVersion = 1;
    private const int MaxLevels = 63;

    // Subtree hashes, largest first; _count of them in use.
    private readonly byte[] _hashes = new byte[MaxLevels * MerkleHash.Size];
    private int _count;

    /// <summary>The number of leaves.</summary>
    public long Size { get; private set; }

    /// <summary>How many subtree hashes the edge holds (the number of 1 bits of <see cref="Size"/>).</summary>
    public int HashCount => _count;

    /// <summary>Appends a leaf given its bytes (hashed as RFC 9162 leaves are).</summary>
    public void AppendLeaf(ReadOnlySpan<byte> leaf, SubtreeCompleted? completed = null)
    {
        Span<byte> hash = stackalloc byte[MerkleHash.Size];
        MerkleHash.Leaf(leaf, hash);
        Append(hash, completed);
    }

    /// <summary>Appends a leaf given its leaf hash.</summary>
    public void Append(ReadOnlySpan<byte> leafHash, SubtreeCompleted? completed = null)
    {
        if (leafHash.Length != MerkleHash.Size)
        {
            throw new ArgumentException($"a leaf hash has {MerkleHash.Size} bytes, not {leafHash.Length}.", nameof(leafHash));
        }

        if (Size == long.MaxValue)
        {
            throw new InvalidOperationException("the tree is full.");
        }

        Span<byte> hash = stackalloc byte[MerkleHash.Size];
        leafHash.CopyTo(hash);
        completed?.Invoke(new NodeId(0, Size), hash);

        // Each 1 bit at the bottom of the size is a subtree of that height the new node completes.
        var level = 0;
        while (((Size >> level) & 1) == 1)
        {
            _count--;
            MerkleHash.Node(Slot(_count), hash, hash);
            level++;
            completed?.Invoke(new NodeId(level, Size >> level), hash);
        }

        hash.CopyTo(Slot(_count));
        _count++;
        Size++;
    }

    /// <summary>The root of the tree: RFC 9162's MTH over all leaves appended, SHA-256 of nothing when there are none.</summary>
    public byte[] Root()
    {
        if (_count == 0)
        {
            return MerkleHash.Empty.ToArray();
        }

        var root = Slot(_count - 1).ToArray();
        for (var i = _count - 2; i >= 0; i--)
        {
            MerkleHash.Node(Slot(i), root, root);
        }

        return root;
    }

    /// <summary>
    /// The edge as bytes: a version byte (1), the size as 8 bytes big-endian, then the subtree hashes, largest first
    /// (32 bytes each, one per 1 bit of the size).
    /// </summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[1 + sizeof(long) + (_count * MerkleHash.Size)];
        bytes[0] = FormatVersion;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(1), Size);
        _hashes.AsSpan(0, _count * MerkleHash.Size).CopyTo(bytes.AsSpan(1 + sizeof(long)));
        return bytes;
    }

    /// <summary>Restores an edge saved with <see cref="ToBytes"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not an edge of this format.</exception>
    public static CompactRange FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 1 + sizeof(long) || bytes[0] != FormatVersion)
        {
            throw new InvalidDataException("the saved Merkle tree edge is not of format 1.");
        }

        var size = BinaryPrimitives.ReadInt64BigEndian(bytes[1..]);
        var count = size < 0 ? -1 : BitOperations.PopCount((ulong)size);
        if (count < 0 || bytes.Length != 1 + sizeof(long) + (count * MerkleHash.Size))
        {
            throw new InvalidDataException($"the saved Merkle tree edge has {bytes.Length} bytes, which does not fit its size {size}.");
        }

        var range = new CompactRange { Size = size, _count = count };
        bytes[(1 + sizeof(long))..].CopyTo(range._hashes);
        return range;
    }

    /// <summary>
    /// The edge of a tree of <paramref name="size"/> leaves from the hashes of its complete subtrees, largest first
    /// (those of <see cref="LeafRange.Subtrees"/> over [0, size)), as a store that keeps every subtree reads them.
    /// </summary>
    /// <exception cref="InvalidDataException">The number of hashes is not the number of 1 bits of the size, or a hash is not 32 bytes.</exception>
    public static CompactRange FromSubtrees(long size, IReadOnlyList<byte[]> subtrees)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (subtrees.Count != BitOperations.PopCount((ulong)size) || subtrees.Any(h => h.Length != MerkleHash.Size))
        {
            throw new InvalidDataException($"a tree of {size} leaves has {BitOperations.PopCount((ulong)size)} subtrees on its right edge, of {MerkleHash.Size} bytes each; {subtrees.Count} were given.");
        }

        var range = new CompactRange { Size = size, _count = subtrees.Count };
        for (var i = 0; i < subtrees.Count; i++)
        {
            subtrees[i].CopyTo(range.Slot(i));
        }

        return range;
    }

    private Span<byte> Slot(int i) => _hashes.AsSpan(i * MerkleHash.Size, MerkleHash.Size);
}

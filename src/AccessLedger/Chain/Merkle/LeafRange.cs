using System.Numerics;

namespace AccessLedger.Chain.Merkle;

/// <summary>
/// The leaves [<see cref="Start"/>, <see cref="End"/>) whose RFC 9162 hash MTH is one element of a proof or a root.
/// Every such range the RFC's recursions produce starts at a multiple of a power of two at least its length, so it is
/// the complete subtrees of the binary digits of its length, largest first, and its hash their fold from the right.
/// </summary>
internal readonly record struct LeafRange(long Start, long End)
{
    /// <summary>The complete subtrees that make up the range, left to right (largest first).</summary>
    public IEnumerable<NodeId> Subtrees()
    {
        var start = Start;
        var remaining = End - Start;
        while (remaining > 0)
        {
            var level = BitOperations.Log2((ulong)remaining);
            if ((start & ((1L << level) - 1)) != 0)
            {
                throw new InvalidOperationException($"leaves {Start}..{End - 1} are not made of complete subtrees.");
            }

            yield return new NodeId(level, start >> level);
            start += 1L << level;
            remaining -= 1L << level;
        }
    }

    /// <summary>MTH of the range from the hashes of its <see cref="Subtrees"/>, in their order.</summary>
    public static byte[] Fold(ReadOnlySpan<byte[]> subtrees)
    {
        var hash = (byte[])subtrees[^1].Clone();
        for (var i = subtrees.Length - 2; i >= 0; i--)
        {
            MerkleHash.Node(subtrees[i], hash, hash);
        }

        return hash;
    }

    /// <summary>The largest power of two strictly below <paramref name="n"/> (n &gt; 1): the RFC's split point k.</summary>
    public static long Split(long n) => 1L << BitOperations.Log2((ulong)(n - 1));
}

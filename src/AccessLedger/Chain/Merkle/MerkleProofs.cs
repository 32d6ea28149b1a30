using System.Numerics;
using System.Security.Cryptography;

namespace AccessLedger.Chain.Merkle;

/// <summary>What a proof's verification found (RFC 9162 sections 2.1.3.2 and 2.1.4.2).</summary>
internal enum ProofOutcome
{
    /// <summary>The proof holds.</summary>
    Valid,

    /// <summary>A leaf index not below the tree size, or an older size above the newer.</summary>
    OutOfRange,

    /// <summary>The path does not have the number of hashes the index and sizes call for, or a hash is not 32 bytes.</summary>
    PathLength,

    /// <summary>The path does not lead to the (newer) root.</summary>
    RootMismatch,

    /// <summary>A consistency path does not lead to the older root.</summary>
    OlderRootMismatch,
}

/// <summary>
/// RFC 9162 inclusion and consistency proofs: which subtrees a proof is made of (the RFC's recursive PATH and
/// PROOF, section 2.1.3.1 and 2.1.4.1), their generation from an <see cref="IMerkleNodeSource"/>, and their
/// verification by the RFC's iterative algorithms.
/// </summary>
internal static class MerkleProofs
{
    /// <summary>The ranges whose hashes make the inclusion path of leaf <paramref name="index"/> in a tree of <paramref name="size"/> leaves, leaf side first.</summary>
    public static IReadOnlyList<LeafRange> InclusionPlan(long index, long size)
    {
        if (index < 0 || index >= size)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"a tree of {size} leaves has no leaf {index}.");
        }

        var plan = new List<LeafRange>();
        Path(index, 0, size, plan);
        return plan;
    }

    /// <summary>The ranges whose hashes make the consistency proof from size <paramref name="first"/> to <paramref name="second"/> (empty when first is 0 or equals second).</summary>
    public static IReadOnlyList<LeafRange> ConsistencyPlan(long first, long second)
    {
        if (first < 0 || first > second)
        {
            throw new ArgumentOutOfRangeException(nameof(first), first, $"no consistency proof leads from size {first} to size {second}.");
        }

        var plan = new List<LeafRange>();
        if (first > 0 && first < second)
        {
            SubProof(first, 0, second, complete: true, plan);
        }

        return plan;
    }

    /// <summary>The inclusion path of a leaf, read from <paramref name="source"/>.</summary>
    public static ValueTask<byte[][]> InclusionProofAsync(IMerkleNodeSource source, long index, long size, CancellationToken cancellationToken) =>
        HashesAsync(source, InclusionPlan(index, size), cancellationToken);

    /// <summary>The inclusion paths of several leaves in one tree, read from <paramref name="source"/> in one request.</summary>
    public static async ValueTask<byte[][][]> InclusionProofsAsync(IMerkleNodeSource source, IReadOnlyList<long> indexes, long size, CancellationToken cancellationToken)
    {
        var plans = indexes.Select(i => InclusionPlan(i, size)).ToArray();
        var hashes = await HashesAsync(source, plans.SelectMany(p => p).ToArray(), cancellationToken).ConfigureAwait(false);
        var next = 0;
        return plans.Select(p =>
        {
            var path = hashes[next..(next + p.Count)];
            next += p.Count;
            return path;
        }).ToArray();
    }

    /// <summary>The consistency proof between two sizes, read from <paramref name="source"/>.</summary>
    public static ValueTask<byte[][]> ConsistencyProofAsync(IMerkleNodeSource source, long first, long second, CancellationToken cancellationToken) =>
        HashesAsync(source, ConsistencyPlan(first, second), cancellationToken);

    /// <summary>The root of the first <paramref name="size"/> leaves, read from <paramref name="source"/>.</summary>
    public static async ValueTask<byte[]> RootAsync(IMerkleNodeSource source, long size, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        return size == 0
            ? MerkleHash.Empty.ToArray()
            : (await HashesAsync(source, [new LeafRange(0, size)], cancellationToken).ConfigureAwait(false))[0];
    }

    /// <summary>RFC 9162 section 2.1.3.2: does <paramref name="path"/> prove leaf <paramref name="index"/> with hash <paramref name="leafHash"/> in the tree of <paramref name="size"/> leaves and root <paramref name="root"/>?</summary>
    public static ProofOutcome VerifyInclusion(ReadOnlySpan<byte> leafHash, long index, long size, IReadOnlyList<byte[]> path, ReadOnlySpan<byte> root)
    {
        if (index < 0 || index >= size)
        {
            return ProofOutcome.OutOfRange;
        }

        if (path.Count != InclusionPlan(index, size).Count || path.Any(p => p.Length != MerkleHash.Size))
        {
            return ProofOutcome.PathLength;
        }

        var fn = index;
        var sn = size - 1;
        var r = leafHash.ToArray();
        foreach (var p in path)
        {
            if (sn == 0)
            {
                return ProofOutcome.PathLength;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                MerkleHash.Node(p, r, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                MerkleHash.Node(r, p, r);
            }

            fn >>= 1;
            sn >>= 1;
        }

        if (sn != 0)
        {
            return ProofOutcome.PathLength;
        }

        return CryptographicOperations.FixedTimeEquals(r, root) ? ProofOutcome.Valid : ProofOutcome.RootMismatch;
    }

    /// <summary>
    /// RFC 9162 section 2.1.4.2: does <paramref name="path"/> prove the tree of <paramref name="first"/> leaves and
    /// root <paramref name="firstRoot"/> a prefix of the tree of <paramref name="second"/> leaves and root
    /// <paramref name="secondRoot"/>? Equal sizes need an empty path and equal roots; size 0 an empty path and the
    /// empty tree's root.
    /// </summary>
    public static ProofOutcome VerifyConsistency(long first, long second, ReadOnlySpan<byte> firstRoot, ReadOnlySpan<byte> secondRoot, IReadOnlyList<byte[]> path)
    {
        if (first < 0 || first > second)
        {
            return ProofOutcome.OutOfRange;
        }

        if (path.Count != ConsistencyPlan(first, second).Count || path.Any(p => p.Length != MerkleHash.Size))
        {
            return ProofOutcome.PathLength;
        }

        if (first == 0)
        {
            return CryptographicOperations.FixedTimeEquals(firstRoot, MerkleHash.Empty) ? ProofOutcome.Valid : ProofOutcome.OlderRootMismatch;
        }

        if (first == second)
        {
            return CryptographicOperations.FixedTimeEquals(firstRoot, secondRoot) ? ProofOutcome.Valid : ProofOutcome.RootMismatch;
        }

        // A first tree that is a complete subtree is its own first node: the RFC prepends its root to the path.
        var nodes = BitOperations.IsPow2(first) ? [firstRoot.ToArray(), .. path] : path;
        var fn = first - 1;
        var sn = second - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        var fr = nodes[0].ToArray();
        var sr = nodes[0].ToArray();
        foreach (var c in nodes.Skip(1))
        {
            if (sn == 0)
            {
                return ProofOutcome.PathLength;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                MerkleHash.Node(c, fr, fr);
                MerkleHash.Node(c, sr, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                MerkleHash.Node(sr, c, sr);
            }

            fn >>= 1;
            sn >>= 1;
        }

        if (sn != 0)
        {
            return ProofOutcome.PathLength;
        }

        if (!CryptographicOperations.FixedTimeEquals(fr, firstRoot))
        {
            return ProofOutcome.OlderRootMismatch;
        }

        return CryptographicOperations.FixedTimeEquals(sr, secondRoot) ? ProofOutcome.Valid : ProofOutcome.RootMismatch;
    }

    // PATH(m, D[start:end]), RFC 9162 section 2.1.3.1, with the sibling subtrees appended on the way back up.
    private static void Path(long m, long start, long end, List<LeafRange> plan)
    {
        var n = end - start;
        if (n <= 1)
        {
            return;
        }

        var k = LeafRange.Split(n);
        if (m < k)
        {
            Path(m, start, start + k, plan);
            plan.Add(new LeafRange(start + k, end));
        }
        else
        {
            Path(m - k, start + k, end, plan);
            plan.Add(new LeafRange(start, start + k));
        }
    }

    // SUBPROOF(m, D[start:end], b), RFC 9162 section 2.1.4.1.
    private static void SubProof(long m, long start, long end, bool complete, List<LeafRange> plan)
    {
        var n = end - start;
        if (m == n)
        {
            if (!complete)
            {
                plan.Add(new LeafRange(start, end));
            }

            return;
        }

        var k = LeafRange.Split(n);
        if (m <= k)
        {
            SubProof(m, start, start + k, complete, plan);
            plan.Add(new LeafRange(start + k, end));
        }
        else
        {
            SubProof(m - k, start + k, end, complete: false, plan);
            plan.Add(new LeafRange(start, start + k));
        }
    }

    private static async ValueTask<byte[][]> HashesAsync(IMerkleNodeSource source, IReadOnlyList<LeafRange> plan, CancellationToken cancellationToken)
    {
        var subtrees = plan.Select(r => r.Subtrees().ToArray()).ToArray();
        var hashes = await source.GetNodesAsync(subtrees.SelectMany(s => s).ToArray(), cancellationToken).ConfigureAwait(false);
        var proof = new byte[plan.Count][];
        var next = 0;
        for (var i = 0; i < plan.Count; i++)
        {
            proof[i] = LeafRange.Fold(hashes is byte[][] array ? array.AsSpan(next, subtrees[i].Length) : hashes.Skip(next).Take(subtrees[i].Length).ToArray());
            next += subtrees[i].Length;
        }

        return proof;
    }
}

using AccessLedger.Chain.Merkle;
using Shouldly;

namespace AccessLedger.UnitTests.Chain.Proofs;

/// <summary>
/// Inclusion and consistency proofs: generated from the kept subtrees, they are RFC 9162's PATH and PROOF computed
/// from the leaves (for trees of every size to 2000, and the published vectors), they verify by the RFC's
/// algorithms, and any change to a leaf, a path, a root, an index or a size makes them fail.
/// </summary>
public sealed class MerkleProofTests
{
    private static readonly MerkleOracle Oracle = MerkleTreeTests.Random2000;
    private static readonly InMemoryMerkleTree Tree = MerkleTreeTests.InMemory(Oracle.Leaves);

    [Fact]
    public async Task inclusion_proofs_in_trees_of_every_size_to_2000_are_the_rfc_path_and_verify()
    {
        var random = new Random(3);
        for (var n = 1; n <= Oracle.Leaves.Count; n++)
        {
            var root = Oracle.Mth(0, n);
            foreach (var m in new[] { 0, n - 1, random.Next(n), random.Next(n) }.Distinct())
            {
                var proof = await MerkleProofs.InclusionProofAsync(Tree, m, n, default);
                Hex(proof).ShouldBe(Hex(Oracle.Path(m, n)), $"leaf {m} of {n}");
                MerkleProofs.VerifyInclusion(MerkleOracle.LeafHash(Oracle.Leaves[m]), m, n, proof, root).ShouldBe(ProofOutcome.Valid);
                if (n > 1)
                {
                    MerkleProofs.VerifyInclusion(MerkleOracle.LeafHash(Oracle.Leaves[m]), (m + 1) % n, n, proof, root).ShouldNotBe(ProofOutcome.Valid);
                }
            }
        }
    }

    [Fact]
    public async Task consistency_proofs_to_trees_of_every_size_to_2000_are_the_rfc_proof_and_verify()
    {
        var random = new Random(5);
        for (var n = 1; n <= Oracle.Leaves.Count; n++)
        {
            foreach (var m in new[] { 0, 1, n, random.Next(1, n + 1), random.Next(1, n + 1) }.Distinct())
            {
                var proof = await MerkleProofs.ConsistencyProofAsync(Tree, m, n, default);
                Hex(proof).ShouldBe(Hex(Oracle.Proof(m, n)), $"{m} to {n}");
                MerkleProofs.VerifyConsistency(m, n, Oracle.Mth(0, m), Oracle.Mth(0, n), proof).ShouldBe(ProofOutcome.Valid, $"{m} to {n}");
            }
        }
    }

    [Fact]
    public async Task every_leaf_and_every_older_size_of_the_trees_to_64_leaves_is_proven()
    {
        for (var n = 1; n <= 64; n++)
        {
            for (var m = 0; m < n; m++)
            {
                var inclusion = await MerkleProofs.InclusionProofAsync(Tree, m, n, default);
                MerkleProofs.VerifyInclusion(MerkleOracle.LeafHash(Oracle.Leaves[m]), m, n, inclusion, Oracle.Mth(0, n)).ShouldBe(ProofOutcome.Valid);
                var consistency = await MerkleProofs.ConsistencyProofAsync(Tree, m, n, default);
                MerkleProofs.VerifyConsistency(m, n, Oracle.Mth(0, m), Oracle.Mth(0, n), consistency).ShouldBe(ProofOutcome.Valid);
            }
        }
    }

    [Fact]
    public async Task the_published_inclusion_vectors_are_generated_and_verified()
    {
        var tree = MerkleTreeTests.InMemory(RfcVectors.Leaves);
        foreach (var (index, size, path) in RfcVectors.Inclusions)
        {
            Hex(await MerkleProofs.InclusionProofAsync(tree, index, size, default)).ShouldBe(Hex(path));
            MerkleProofs.VerifyInclusion(MerkleHash.Leaf(RfcVectors.Leaves[index]), index, size, path, RfcVectors.Roots[size - 1]).ShouldBe(ProofOutcome.Valid);
        }
    }

    [Fact]
    public async Task the_published_consistency_vectors_are_generated_and_verified()
    {
        var tree = MerkleTreeTests.InMemory(RfcVectors.Leaves);
        foreach (var (first, second, path) in RfcVectors.Consistencies)
        {
            Hex(await MerkleProofs.ConsistencyProofAsync(tree, first, second, default)).ShouldBe(Hex(path));
            MerkleProofs.VerifyConsistency(first, second, RfcVectors.Roots[first - 1], RfcVectors.Roots[second - 1], path).ShouldBe(ProofOutcome.Valid);
        }
    }

    [Fact]
    public void any_flipped_bit_of_a_published_inclusion_path_leaf_or_root_fails_and_says_so()
    {
        foreach (var (index, size, path) in RfcVectors.Inclusions.Where(v => v.Path.Length > 0))
        {
            var leaf = MerkleHash.Leaf(RfcVectors.Leaves[index]);
            var root = RfcVectors.Roots[size - 1];
            foreach (var (flipped, what) in Flips(path))
            {
                MerkleProofs.VerifyInclusion(leaf, index, size, flipped, root).ShouldBe(ProofOutcome.RootMismatch, what);
            }

            foreach (var bit in Enumerable.Range(0, 256))
            {
                MerkleProofs.VerifyInclusion(Flip(leaf, bit), index, size, path, root).ShouldBe(ProofOutcome.RootMismatch);
                MerkleProofs.VerifyInclusion(leaf, index, size, path, Flip(root, bit)).ShouldBe(ProofOutcome.RootMismatch);
            }
        }
    }

    [Fact]
    public void a_wrong_index_or_size_or_a_path_with_hashes_added_or_removed_fails_and_says_so()
    {
        var (index, size, path) = RfcVectors.Inclusions[2];
        var leaf = MerkleHash.Leaf(RfcVectors.Leaves[index]);
        var root = RfcVectors.Roots[size - 1];

        MerkleProofs.VerifyInclusion(leaf, index - 1, size, path, root).ShouldBe(ProofOutcome.RootMismatch);
        MerkleProofs.VerifyInclusion(leaf, index + 1, size, path, root).ShouldBe(ProofOutcome.RootMismatch);
        MerkleProofs.VerifyInclusion(leaf, index ^ 2, size, path, root).ShouldBe(ProofOutcome.RootMismatch);
        MerkleProofs.VerifyInclusion(leaf, index, size * 2, path, root).ShouldBe(ProofOutcome.PathLength);
        MerkleProofs.VerifyInclusion(leaf, index, size / 2, path, root).ShouldBe(ProofOutcome.OutOfRange);
        MerkleProofs.VerifyInclusion(leaf, index, size - 2, path, root).ShouldBe(ProofOutcome.PathLength);
        MerkleProofs.VerifyInclusion(leaf, index, index, path, root).ShouldBe(ProofOutcome.OutOfRange);
        MerkleProofs.VerifyInclusion(leaf, -1, size, path, root).ShouldBe(ProofOutcome.OutOfRange);
        MerkleProofs.VerifyInclusion(leaf, index, size, [.. path, root], root).ShouldBe(ProofOutcome.PathLength);
        MerkleProofs.VerifyInclusion(leaf, index, size, [root, .. path], root).ShouldBe(ProofOutcome.PathLength);
        MerkleProofs.VerifyInclusion(leaf, index, size, path[..^1], root).ShouldBe(ProofOutcome.PathLength);
        MerkleProofs.VerifyInclusion(leaf, index, size, [path[1], path[0], path[2]], root).ShouldBe(ProofOutcome.RootMismatch);
    }

    [Fact]
    public void any_flipped_bit_or_wrong_size_or_root_of_a_published_consistency_proof_fails_and_says_so()
    {
        foreach (var (first, second, path) in RfcVectors.Consistencies.Where(v => v.Path.Length > 0))
        {
            var firstRoot = RfcVectors.Roots[first - 1];
            var secondRoot = RfcVectors.Roots[second - 1];
            foreach (var (flipped, what) in Flips(path))
            {
                MerkleProofs.VerifyConsistency(first, second, firstRoot, secondRoot, flipped).ShouldBeOneOf([ProofOutcome.RootMismatch, ProofOutcome.OlderRootMismatch], what);
            }

            foreach (var bit in Enumerable.Range(0, 256))
            {
                // An older tree that is one complete subtree is the proof's first node, so a wrong older root
                // shows in the newer one.
                MerkleProofs.VerifyConsistency(first, second, Flip(firstRoot, bit), secondRoot, path)
                    .ShouldBe(System.Numerics.BitOperations.IsPow2(first) ? ProofOutcome.RootMismatch : ProofOutcome.OlderRootMismatch);
                MerkleProofs.VerifyConsistency(first, second, firstRoot, Flip(secondRoot, bit), path).ShouldBe(ProofOutcome.RootMismatch);
            }

            MerkleProofs.VerifyConsistency(first, second, secondRoot, firstRoot, path).ShouldNotBe(ProofOutcome.Valid);
            MerkleProofs.VerifyConsistency(second, first, firstRoot, secondRoot, path).ShouldBe(ProofOutcome.OutOfRange);
            MerkleProofs.VerifyConsistency(first, second, firstRoot, secondRoot, []).ShouldBe(ProofOutcome.PathLength);
            MerkleProofs.VerifyConsistency(first, second, firstRoot, secondRoot, path[..^1]).ShouldBe(ProofOutcome.PathLength);
            MerkleProofs.VerifyConsistency(first, second, firstRoot, secondRoot, [.. path, secondRoot]).ShouldBe(ProofOutcome.PathLength);
            MerkleProofs.VerifyConsistency(first, second, firstRoot, secondRoot, [path[0], .. path]).ShouldBe(ProofOutcome.PathLength);
            // The sizes are not in the path (only a signature binds them to the roots); these change its shape.
            foreach (var (f, s) in new[] { (first - 1, second), (first + 1, second), (first ^ 2, second), (first, second * 2), (first, second / 2) })
            {
                MerkleProofs.VerifyConsistency(f, s, firstRoot, secondRoot, path).ShouldNotBe(ProofOutcome.Valid, $"{f} to {s}");
            }
        }
    }

    [Fact]
    public void equal_sizes_and_the_empty_tree_need_an_empty_path_and_the_matching_roots()
    {
        var root = RfcVectors.Roots[3];
        MerkleProofs.VerifyConsistency(4, 4, root, root, []).ShouldBe(ProofOutcome.Valid);
        MerkleProofs.VerifyConsistency(4, 4, root, RfcVectors.Roots[4], []).ShouldBe(ProofOutcome.RootMismatch);
        MerkleProofs.VerifyConsistency(4, 4, root, root, [root]).ShouldBe(ProofOutcome.PathLength);
        MerkleProofs.VerifyConsistency(0, 4, RfcVectors.EmptyTreeRoot, root, []).ShouldBe(ProofOutcome.Valid);
        MerkleProofs.VerifyConsistency(0, 4, root, root, []).ShouldBe(ProofOutcome.OlderRootMismatch);
        MerkleProofs.VerifyConsistency(0, 0, RfcVectors.EmptyTreeRoot, RfcVectors.EmptyTreeRoot, []).ShouldBe(ProofOutcome.Valid);
    }

    internal static IEnumerable<(byte[][] Path, string What)> Flips(byte[][] path)
    {
        for (var i = 0; i < path.Length; i++)
        {
            for (var bit = 0; bit < 256; bit++)
            {
                var flipped = path.ToArray();
                flipped[i] = Flip(path[i], bit);
                yield return (flipped, $"path[{i}] bit {bit}");
            }
        }
    }

    internal static string[] Hex(IEnumerable<byte[]> hashes) => hashes.Select(Convert.ToHexStringLower).ToArray();

    internal static byte[] Flip(byte[] bytes, int bit)
    {
        var flipped = bytes.ToArray();
        flipped[bit / 8] ^= (byte)(1 << (bit % 8));
        return flipped;
    }
}

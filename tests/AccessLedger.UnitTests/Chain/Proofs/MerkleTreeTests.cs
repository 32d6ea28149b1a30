using AccessLedger.Chain.Merkle;
using Shouldly;

namespace AccessLedger.UnitTests.Chain.Proofs;

/// <summary>The tree's hashes and its right edge (the compact range kept beside the chain), against RFC 9162's MTH.</summary>
public sealed class MerkleTreeTests
{
    internal static readonly MerkleOracle Random2000 = new(RandomLeaves(2000, seed: 17));

    [Fact]
    public void leaf_and_empty_tree_hashes_are_those_of_the_rfc()
    {
        MerkleHash.Leaf([]).ShouldBe(RfcVectors.Roots[0]);
        MerkleHash.Empty.ToArray().ShouldBe(RfcVectors.EmptyTreeRoot);
        new CompactRange().Root().ShouldBe(RfcVectors.EmptyTreeRoot);
    }

    [Fact]
    public void the_roots_of_the_published_vectors_are_reached_leaf_by_leaf()
    {
        var edge = new CompactRange();
        foreach (var (leaf, root) in RfcVectors.Leaves.Zip(RfcVectors.Roots))
        {
            edge.AppendLeaf(leaf);
            edge.Root().ShouldBe(root);
        }
    }

    [Fact]
    public void the_root_after_every_append_up_to_2000_leaves_is_the_rfc_mth_of_all_leaves_so_far()
    {
        var edge = new CompactRange();
        for (var n = 1; n <= Random2000.Leaves.Count; n++)
        {
            edge.AppendLeaf(Random2000.Leaves[n - 1]);
            edge.Root().ShouldBe(Random2000.Mth(0, n), $"size {n}");
            edge.HashCount.ShouldBe(System.Numerics.BitOperations.PopCount((uint)n));
        }
    }

    [Fact]
    public async Task every_older_root_is_read_back_from_the_subtrees_kept()
    {
        var tree = InMemory(Random2000.Leaves);
        for (var n = 0; n <= Random2000.Leaves.Count; n++)
        {
            (await MerkleProofs.RootAsync(tree, n, default)).ShouldBe(Random2000.Mth(0, n), $"size {n}");
        }
    }

    [Fact]
    public void every_subtree_an_append_completes_is_reported_with_its_rfc_hash()
    {
        var edge = new CompactRange();
        var reported = new List<(NodeId Node, byte[] Hash)>();
        foreach (var leaf in Random2000.Leaves.Take(300))
        {
            edge.AppendLeaf(leaf, (node, hash) => reported.Add((node, hash.ToArray())));
        }

        // 300 leaves complete 300 + 150 + 75 + 37 + 18 + 9 + 4 + 2 + 1 subtrees.
        reported.Count.ShouldBe(596);
        reported.Select(r => r.Node).Distinct().Count().ShouldBe(596);
        foreach (var (node, hash) in reported)
        {
            hash.ShouldBe(Random2000.Mth((int)node.Start, (int)node.End), node.ToString());
        }
    }

    [Fact]
    public void the_edge_saved_as_bytes_and_restored_at_any_size_goes_on_to_the_same_roots()
    {
        var edge = new CompactRange();
        for (var n = 0; n < 600; n++)
        {
            var bytes = edge.ToBytes();
            bytes.Length.ShouldBe(1 + 8 + (32 * System.Numerics.BitOperations.PopCount((uint)n)));

            var restored = CompactRange.FromBytes(bytes);
            restored.Size.ShouldBe(n);
            restored.Root().ShouldBe(Random2000.Mth(0, n));
            restored.AppendLeaf(Random2000.Leaves[n]);
            restored.Root().ShouldBe(Random2000.Mth(0, n + 1));

            edge.AppendLeaf(Random2000.Leaves[n]);
        }
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("02" + "0000000000000001" + "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "another version")]
    [InlineData("01" + "0000000000000003" + "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "size 3 needs two hashes")]
    [InlineData("01" + "0000000000000000" + "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "size 0 needs none")]
    [InlineData("01" + "8000000000000000", "a negative size")]
    [InlineData("01" + "00000000000000", "a size cut short")]
    public void an_edge_whose_bytes_do_not_fit_their_format_is_refused(string hex, string why)
    {
        Should.Throw<InvalidDataException>(() => CompactRange.FromBytes(Convert.FromHexString(hex)), why);
    }

    internal static InMemoryMerkleTree InMemory(IEnumerable<byte[]> leaves)
    {
        var tree = new InMemoryMerkleTree();
        foreach (var leaf in leaves)
        {
            tree.AppendLeaf(leaf);
        }

        return tree;
    }

    internal static byte[][] RandomLeaves(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var leaf = new byte[random.Next(0, 80)];
            random.NextBytes(leaf);
            return leaf;
        }).ToArray();
    }
}

using AccessLedger.Chain.Merkle;
using BenchmarkDotNet.Attributes;

namespace AccessLedger.Benchmarks.Micro;

/// <summary>
/// Proof generation (issue 17): an inclusion and a consistency proof from the kept subtrees of a tree of 10^3 ..
/// 10^6 leaves, in memory — the planning and hashing a proof costs, not a store's round trip.
/// </summary>
[MemoryDiagnoser]
public class ProofBenchmarks
{
    private InMemoryMerkleTree _tree = new();
    private long[] _indices = [];
    private int _next;

    /// <summary>The number of leaves of the tree.</summary>
    [Params(1_000, 10_000, 100_000, 1_000_000)]
    public int Leaves { get; set; }

    /// <summary>Builds the tree from 300-byte leaves and draws random leaf indices.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        var leaf = new byte[300];
        _tree = new InMemoryMerkleTree();
        for (var i = 0; i < Leaves; i++)
        {
            random.NextBytes(leaf);
            _tree.AppendLeaf(leaf);
        }

        _indices = Enumerable.Range(0, 1024).Select(_ => random.NextInt64(Leaves)).ToArray();
    }

    /// <summary>The inclusion path of a random leaf in the whole tree.</summary>
    [Benchmark]
    public byte[][] InclusionProof() =>
        MerkleProofs.InclusionProofAsync(_tree, _indices[_next++ & 1023], Leaves, default).AsTask().GetAwaiter().GetResult();

    /// <summary>The consistency proof from a random older size to the whole tree.</summary>
    [Benchmark]
    public byte[][] ConsistencyProof() =>
        MerkleProofs.ConsistencyProofAsync(_tree, _indices[_next++ & 1023] + 1, Leaves, default).AsTask().GetAwaiter().GetResult();
}

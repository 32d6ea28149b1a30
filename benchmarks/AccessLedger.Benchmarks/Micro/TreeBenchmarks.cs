using AccessLedger.Chain.Checkpoints;
using AccessLedger.Chain.Merkle;
using BenchmarkDotNet.Attributes;

namespace AccessLedger.Benchmarks.Micro;

/// <summary>
/// What the tree costs a write (issue 17): appending a leaf to the tree's right edge, with and without folding the
/// new root; and signing and verifying a checkpoint.
/// </summary>
[MemoryDiagnoser]
public class TreeBenchmarks
{
    private const int Appends = 10_000;
    private byte[][] _leaves = [];
    private CheckpointSigner? _signer;
    private Checkpoint? _checkpoint;
    private ProofBundle? _signed;
    private byte[] _edge = [];

    /// <summary>Draws 300-byte leaves (about an event's canonical bytes) and a signer.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _leaves = Enumerable.Range(0, Appends).Select(_ =>
        {
            var leaf = new byte[300];
            random.NextBytes(leaf);
            return leaf;
        }).ToArray();
        _signer = CheckpointSigner.FromKeyText(CheckpointSigner.Generate("bench.example/ledger").SigningKey);
        _checkpoint = new Checkpoint(_signer.Name, 1_000_000, new byte[32]);
        _signed = new ProofBundle(_signer.Sign(_checkpoint), [], []);

        // The edge of a tree of 2^20 - 1 leaves: 20 subtree hashes.
        _edge = new byte[1 + 8 + (20 * 32)];
        _edge[0] = 1;
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(_edge.AsSpan(1), (1 << 20) - 1);
        random.NextBytes(_edge.AsSpan(9));
    }

    /// <summary>Cleans up the signer.</summary>
    [GlobalCleanup]
    public void Cleanup() => _signer?.Dispose();

    /// <summary>One leaf appended to the edge: its leaf hash and the merges it completes (time per leaf).</summary>
    [Benchmark(OperationsPerInvoke = Appends)]
    public long AppendLeaf()
    {
        var edge = new CompactRange();
        foreach (var leaf in _leaves)
        {
            edge.AppendLeaf(leaf);
        }

        return edge.Size;
    }

    /// <summary>One leaf appended and the new root folded (time per leaf).</summary>
    [Benchmark(OperationsPerInvoke = Appends)]
    public byte[] AppendLeafAndRoot()
    {
        var edge = new CompactRange();
        var root = Array.Empty<byte>();
        foreach (var leaf in _leaves)
        {
            edge.AppendLeaf(leaf);
            root = edge.Root();
        }

        return root;
    }

    /// <summary>An edge of 20 hashes restored from bytes and saved again, as a write would read and store it beside the chain.</summary>
    [Benchmark]
    public byte[] RestoreAndSaveEdge() => CompactRange.FromBytes(_edge).ToBytes();

    /// <summary>Signing a checkpoint: Ed25519 over its text, and the note around it.</summary>
    [Benchmark]
    public string SignCheckpoint() => _signer!.Sign(_checkpoint!);

    /// <summary>Verifying a signed checkpoint with the verifier key: parse, key match, Ed25519.</summary>
    [Benchmark]
    public bool VerifyCheckpoint() => ProofVerifier.Verify(_signed!, _signer!.VerifierKey).IsValid;
}

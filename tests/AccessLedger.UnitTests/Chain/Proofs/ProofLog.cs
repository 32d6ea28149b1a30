using System.Text.Json.Nodes;
using AccessLedger.Chain;
using AccessLedger.Chain.Checkpoints;
using AccessLedger.Chain.Merkle;

namespace AccessLedger.UnitTests.Chain.Proofs;

/// <summary>
/// A ledger's Merkle tree in memory, over real canonical event bytes (docs/tamper-evidence.md), with its signing
/// key: what a later session will keep in PostgreSQL, enough to issue checkpoints and proof bundles.
/// </summary>
internal sealed class ProofLog : IDisposable
{
    public const string Origin = "ledger.example/test";

    public ProofLog(int events, string origin = Origin, int seed = 0)
    {
        Signer = CheckpointTests.NewSigner(origin);
        var start = new DateTimeOffset(2026, 6, 9, 12, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < events; i++)
        {
            var data = new JsonObject { ["personId"] = $"p{i}", ["organizationId"] = $"org-{(i + seed) % 7}", ["citizenships"] = new JsonArray("DE", "FR") };
            var leaf = ChainHasher.Canonical("person_enrolled", data, $"person-p{i}", 1, start.AddTicks(i * 12_340L), $"cmd-{seed}-{i}", i % 3 == 0 ? null : "compliance@example.com");
            Leaves.Add(leaf);
            Tree.AppendLeaf(leaf);
        }
    }

    public CheckpointSigner Signer { get; }

    public InMemoryMerkleTree Tree { get; } = new();

    public List<byte[]> Leaves { get; } = [];

    public async Task<string> SignedAsync(long size) =>
        Signer.Sign(new Checkpoint(Signer.Name, size, await MerkleProofs.RootAsync(Tree, size, default)));

    public async Task<ProofBundle> BundleAsync(long size, long[] cited, params long[] older)
    {
        var events = new List<CitedLeaf>();
        foreach (var index in cited)
        {
            events.Add(new CitedLeaf(index, Leaves[(int)index], await MerkleProofs.InclusionProofAsync(Tree, index, size, default)));
        }

        var olderCheckpoints = new List<OlderCheckpoint>();
        foreach (var first in older)
        {
            olderCheckpoints.Add(new OlderCheckpoint(await SignedAsync(first), await MerkleProofs.ConsistencyProofAsync(Tree, first, size, default)));
        }

        return new ProofBundle(await SignedAsync(size), events, olderCheckpoints);
    }

    public void Dispose() => Signer.Dispose();

    /// <summary>The note with its checkpoint text changed and its signature lines kept.</summary>
    public static string WithText(string note, Func<Checkpoint, Checkpoint> change)
    {
        var text = SignedNote.Parse(note, out _)!.Text;
        return change(Checkpoint.Parse(text, out _)!).Text + note[text.Length..];
    }

    /// <summary>The note with one bit of its (first) signature line's bytes flipped: bits 0-31 are the key ID.</summary>
    public static string WithSignatureBit(string note, int bit)
    {
        var text = SignedNote.Parse(note, out _)!.Text;
        var line = note[(text.Length + 1)..^1];
        var space = line.IndexOf(' ', 2);
        var bytes = MerkleProofTests.Flip(Convert.FromBase64String(line[(space + 1)..]), bit);
        return $"{text}\n{line[..(space + 1)]}{Convert.ToBase64String(bytes)}\n";
    }
}

using AccessLedger.Chain;
using AccessLedger.Chain.Checkpoints;
using AccessLedger.Decisions;

namespace AccessLedger;

public sealed partial class Ledger
{
    /// <summary>
    /// The key that signs the ledger's checkpoints (docs/proofs.md), from configuration (a file or an environment
    /// variable, <see cref="CheckpointSigner.FromFile"/>, <see cref="CheckpointSigner.FromEnvironment"/>), never from
    /// the database. Null: the ledger issues no new checkpoint and hands out only those issued before. Set it once,
    /// before the ledger is used (the host's container or the command line does); the ledger does not dispose it.
    /// </summary>
    public CheckpointSigner? CheckpointSigner { get; set; }

    /// <summary>
    /// The signed checkpoint of the ledger's head (<c>accessledger checkpoint</c>): a C2SP signed note naming the
    /// number of events and the root of their Merkle tree. Issued and kept when the head has none by this key yet.
    /// </summary>
    /// <exception cref="CheckpointKeyException">The head has no checkpoint and <see cref="CheckpointSigner"/> is null.</exception>
    public async Task<string> GetSignedCheckpointAsync(CancellationToken cancellationToken = default)
    {
        var proofs = Proofs;
        return await proofs.CheckpointAsync(await proofs.HeadSizeAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Decides as <see cref="DecideAsync(string, Subject, DateTimeOffset, DateTimeOffset?, CancellationToken)"/>, and
    /// proves the answer: the decision carries its <see cref="Decision.Proof"/>, the signed checkpoint of the head it
    /// was computed at and, for every event it cites, its leaf index, canonical bytes and inclusion path, as a proof
    /// bundle that <see cref="ProofVerifier"/> (or eng/verify_proof.py) checks offline with the public key alone.
    /// </summary>
    /// <exception cref="CheckpointKeyException">The head has no checkpoint and <see cref="CheckpointSigner"/> is null.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026", Justification = "The overloads differ in their first parameter's type; no call is ambiguous.")]
    public Task<Decision> DecideWithProofAsync(string modelId, Subject subject, DateTimeOffset at, DateTimeOffset? knownAt = null, CancellationToken cancellationToken = default) =>
        DecideWithProofAsync(new DecisionQuestion(modelId, subject, at) { KnownAt = knownAt }, cancellationToken);

    /// <summary>As <see cref="DecideWithProofAsync(string, Subject, DateTimeOffset, DateTimeOffset?, CancellationToken)"/>, for a whole question (its activity included).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026", Justification = "The overloads differ in their first parameter's type; no call is ambiguous.")]
    public async Task<Decision> DecideWithProofAsync(DecisionQuestion question, CancellationToken cancellationToken = default)
    {
        var decision = await DecideAsync(question, cancellationToken).ConfigureAwait(false);
        var cited = decision.Reasons.SelectMany(r => r.Events).Concat(decision.Basis).Select(e => e.Position);
        var bundle = await Proofs.ForEventsAsync(decision.Checkpoint!.Position, cited, cancellationToken).ConfigureAwait(false);
        return decision with { Proof = NoteText.Utf8.GetString(bundle.ToJson()) };
    }

    /// <summary>
    /// The proof that the ledger only grew since it held <paramref name="fromSize"/> events (<c>accessledger prove</c>):
    /// a proof bundle with the head's signed checkpoint and, as its older checkpoint, the signed checkpoint of that
    /// size with the RFC 9162 consistency path between the two. An auditor who kept a checkpoint of that size
    /// compares it with the one in the bundle (<c>verify-proof --older</c>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fromSize"/> is negative or beyond the head.</exception>
    /// <exception cref="CheckpointKeyException">A checkpoint is needed that was never issued, and <see cref="CheckpointSigner"/> is null.</exception>
    public async Task<string> ProveConsistencyAsync(long fromSize, CancellationToken cancellationToken = default) =>
        NoteText.Utf8.GetString((await Proofs.ConsistencyAsync(fromSize, cancellationToken).ConfigureAwait(false)).ToJson());

    /// <summary>
    /// Writes what an auditor carries away of the ledger as it was known at <paramref name="knownAt"/> into
    /// <paramref name="directory"/> (<c>accessledger export</c>, docs/proofs.md "Export"): <c>events.ndjson</c>, the
    /// canonical bytes of each event recorded by then, one a line in position order, whose RFC 9162 root is the one
    /// <c>checkpoint.txt</c> signs; and <c>consistency.json</c>, the proof bundle from that checkpoint to the head's.
    /// </summary>
    /// <returns>The number of events exported.</returns>
    /// <exception cref="CheckpointKeyException">A checkpoint is needed that was never issued, and <see cref="CheckpointSigner"/> is null.</exception>
    public Task<long> ExportAsync(DateTimeOffset knownAt, string directory, CancellationToken cancellationToken = default) =>
        Proofs.ExportAsync(knownAt, directory, cancellationToken);

    /// <summary>What proofs read once and never changes (subtrees, events' bytes, signed checkpoints), for this ledger's proofs.</summary>
    private readonly ProofCache _proofCache = new();

    private ProofBuilder Proofs => new(_dataSource, _schema, CheckpointSigner, _time, _proofCache);
}

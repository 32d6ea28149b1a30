using AccessLedger.Timelines;

namespace AccessLedger.Decisions;

/// <summary>The codes of the gates of LEDGER.md section 4, in the order they are evaluated and reported.</summary>
public static class ReasonCodes
{
    /// <summary>The model is not registered at T.</summary>
    public const string UnknownModel = "unknown_model";

    /// <summary>The person is not enrolled at T, or the organization is not registered at T.</summary>
    public const string UnknownSubject = "unknown_subject";

    /// <summary>A ban in force covers the model and the subject, and no exception relieves it.</summary>
    public const string LegalBan = "legal_ban";

    /// <summary>A ban on named parties (an Entity List entry) in force reaches the subject's organization and no exception relieves it (LEDGER.md section 7.3, gate 2).</summary>
    public const string RestrictedParty = "restricted_party";

    /// <summary>A provider suspension in force covers the model and the subject.</summary>
    public const string ProviderSuspended = "provider_suspended";

    /// <summary>The model is restricted and the subject's organization is not provisioned for it.</summary>
    public const string NotProvisioned = "not_provisioned";
}

/// <summary>A sentence written only when it is read.</summary>
internal abstract class DeferredText
{
    /// <summary>Writes the sentence.</summary>
    public abstract string Write();
}

/// <summary>A failing gate: its code, a sentence, and the events behind it.</summary>
public sealed record DecisionReason
{
    private readonly DeferredText? _deferred;
    private string? _message;

    /// <summary>A failing gate.</summary>
    /// <param name="code">One of <see cref="ReasonCodes"/>.</param>
    /// <param name="message">Why, for an auditor.</param>
    /// <param name="events">The events that make the gate fail.</param>
    public DecisionReason(string code, string message, IReadOnlyList<EventRef> events) => (Code, _message, Events) = (code, message, events);

    /// <summary>
    /// A failing gate whose sentence is written when first read: an audit over every subject of a model makes
    /// thousands of reasons, and the sentences of a ban with many exceptions run to a kilobyte each.
    /// </summary>
    internal DecisionReason(string code, IReadOnlyList<EventRef> events, DeferredText deferred) => (Code, Events, _deferred) = (code, events, deferred);

    /// <summary>One of <see cref="ReasonCodes"/>.</summary>
    public string Code { get; }

    /// <summary>Why, for an auditor.</summary>
    public string Message => _message ??= _deferred!.Write();

    /// <summary>The events that make the gate fail.</summary>
    public IReadOnlyList<EventRef> Events { get; }

    /// <summary>Reasons are equal when their code, sentence and events are.</summary>
    public bool Equals(DecisionReason? other) =>
        other is not null && Code == other.Code && Message == other.Message && Events.SequenceEqual(other.Events);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Code, Message, Events.Count);
}

/// <summary>
/// The answer to "may this subject use this model at T, as the ledger knew it at K?", with every failing gate in
/// order, or, when allowed, the chain of events that allows it.
/// </summary>
/// <param name="ModelId">The model asked about.</param>
/// <param name="Subject">The subject asked about.</param>
/// <param name="At">Valid time T.</param>
/// <param name="KnownAt">Knowledge time K (null: as known now).</param>
/// <param name="Reasons">Failing gates in the order of section 4; empty when allowed.</param>
/// <param name="Basis">For an allowed answer, the events that allow it: registration, enrolment, provisioning, and
/// for each relieved ban, ban → exception → safeguards.</param>
public sealed record Decision(string ModelId, Subject Subject, DateTimeOffset At, DateTimeOffset? KnownAt, IReadOnlyList<DecisionReason> Reasons, IReadOnlyList<EventRef> Basis)
{
    /// <summary>Allowed only if no gate fails.</summary>
    public bool Allowed => Reasons.Count == 0;

    /// <summary>The ledger head (position and chain hash) the decision was computed at, when it was read from a ledger.</summary>
    public LedgerCheckpoint? Checkpoint { get; init; }

    /// <summary>The activity asked about (LEDGER.md section 7.1); <c>use</c> unless the question named another.</summary>
    public string Activity { get; init; } = Activities.Use;

    /// <summary>The knowledge basis of <see cref="KnownAt"/> (LEDGER.md section 7.2); <see cref="KnowledgeBasis.Recorded"/> unless the question named another.</summary>
    public KnowledgeBasis Knowledge { get; init; } = KnowledgeBasis.Recorded;

    /// <summary>
    /// When asked for (<c>Ledger.DecideWithProofAsync</c>), the proof of the answer as a proof bundle in JSON
    /// (docs/proofs.md): the signed checkpoint of <see cref="Checkpoint"/>'s position and every cited event's leaf
    /// index, canonical bytes and inclusion path. Checked offline by <see cref="Chain.Checkpoints.ProofVerifier"/>.
    /// </summary>
    public string? Proof { get; init; }
}

/// <summary>A point of the ledger: its last position and the chain hash there. Save it outside the database to detect rewrites.</summary>
/// <param name="Position">The last recorded position (0 for an empty ledger).</param>
/// <param name="Hash">The chain hash at that position, lower-case hex.</param>
public sealed record LedgerCheckpoint(long Position, string Hash)
{
    /// <inheritdoc />
    public override string ToString() => $"{Position}:{Hash}";
}

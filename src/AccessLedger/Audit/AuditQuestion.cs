using AccessLedger.Decisions;

namespace AccessLedger.Audit;

/// <summary>
/// What an audit question asks besides its model or entity and its valid times (LEDGER.md sections 7.2, 7.5), as a
/// <see cref="DecisionQuestion"/> does: the knowledge time, what "known" means there, and the activity. Audit
/// questions with one knowledge time derive from it; <see cref="BeliefVersusTruthQuestion"/> has one per side.
/// </summary>
public abstract record AuditQuestion
{
    /// <summary>Knowledge time K: as the ledger knew it then (null: as known now).</summary>
    public DateTimeOffset? KnownAt { get; init; }

    /// <summary>The activity every answer is about; <see cref="Activities.Use"/> unless named.</summary>
    public string Activity { get; init; } = Activities.Use;

    /// <summary>
    /// What "known at <see cref="KnownAt"/>" means: recorded by the ledger (the default) or on notice from the public
    /// record (LEDGER.md section 7.2). Without a <see cref="KnownAt"/> both read everything the ledger holds.
    /// </summary>
    public KnowledgeBasis Knowledge { get; init; } = KnowledgeBasis.Recorded;

    /// <summary>The knowledge the question reads facts with.</summary>
    internal Timelines.Knowledge AsKnown => new(KnownAt, Knowledge);
}

namespace AccessLedger.Decisions;

/// <summary>
/// A question for the ledger (LEDGER.md section 7.3): may <see cref="Subject"/> do <see cref="Activity"/> with
/// <see cref="ModelId"/> at valid time <see cref="At"/>, as known at <see cref="KnownAt"/> on the <see cref="Knowledge"/> basis?
/// </summary>
/// <param name="ModelId">The model.</param>
/// <param name="Subject">An enrolled person, or an ad-hoc subject.</param>
/// <param name="At">Valid time T: as the world was then.</param>
public sealed record DecisionQuestion(string ModelId, Subject Subject, DateTimeOffset At)
{
    /// <summary>Knowledge time K: as the ledger knew it then (null: as known now).</summary>
    public DateTimeOffset? KnownAt { get; init; }

    /// <summary>The activity; <see cref="Activities.Use"/> unless named.</summary>
    public string Activity { get; init; } = Activities.Use;

    /// <summary>
    /// What "known at <see cref="KnownAt"/>" means: recorded by the ledger (the default) or on notice from the public
    /// record (LEDGER.md section 7.2). Without a <see cref="KnownAt"/> both read everything the ledger holds.
    /// </summary>
    public KnowledgeBasis Knowledge { get; init; } = KnowledgeBasis.Recorded;
}

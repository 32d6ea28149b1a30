using AccessLedger.Decisions;

namespace AccessLedger.Chain;

/// <summary>What <see cref="Ledger.VerifyAsync(LedgerCheckpoint?, bool, IProgress{long}?, CancellationToken)"/> found.</summary>
/// <param name="EventsChecked">Chain positions recomputed.</param>
/// <param name="Head">The head as recomputed (position, hash) up to the first break.</param>
/// <param name="FirstBrokenPosition">The first position where the chain breaks, or null when it holds.</param>
/// <param name="Problem">What is wrong there, in a sentence.</param>
/// <param name="CheckpointMatches">With a checkpoint: whether the history up to it is the one it names.</param>
public sealed record VerificationResult(long EventsChecked, LedgerCheckpoint Head, long? FirstBrokenPosition, string? Problem, bool? CheckpointMatches)
{
    /// <summary>
    /// With a deep verification: each place where the state decisions and audits read (timelines, subject rows)
    /// differs from the state folded again from the events; empty when they agree, or when not asked.
    /// </summary>
    public IReadOnlyList<string> DerivedStateProblems { get; init; } = [];

    /// <summary>Whether the derived state was compared with the events (<c>deep</c>).</summary>
    public bool DerivedStateChecked { get; init; }

    /// <summary>Entries of the decision log (<see cref="Ledger.RecordDecisions"/>) whose chain was recomputed and holds.</summary>
    public long DecisionsChecked { get; init; }

    /// <summary>The position in the decision log of its first entry that does not hold, or null when the log holds.</summary>
    public long? FirstBrokenDecision { get; init; }

    /// <summary>What is wrong with that entry, in a sentence.</summary>
    public string? DecisionLogProblem { get; init; }

    /// <summary>True when the chain holds, a checkpoint given matches it, a deep check found no difference, and the decision log holds.</summary>
    public bool Intact => FirstBrokenPosition is null && CheckpointMatches != false && DerivedStateProblems.Count == 0 && FirstBrokenDecision is null;
}

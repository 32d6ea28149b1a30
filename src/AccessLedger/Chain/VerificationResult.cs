using AccessLedger.Decisions;

namespace AccessLedger.Chain;

/// <summary>What <see cref="Ledger.VerifyAsync"/> found.</summary>
/// <param name="EventsChecked">Chain positions recomputed.</param>
/// <param name="Head">The head as recomputed (position, hash) up to the first break.</param>
/// <param name="FirstBrokenPosition">The first position where the chain breaks, or null when it holds.</param>
/// <param name="Problem">What is wrong there, in a sentence.</param>
/// <param name="CheckpointMatches">With a checkpoint: whether the history up to it is the one it names.</param>
public sealed record VerificationResult(long EventsChecked, LedgerCheckpoint Head, long? FirstBrokenPosition, string? Problem, bool? CheckpointMatches)
{
    /// <summary>True when the chain holds and, if a checkpoint was given, matches it.</summary>
    public bool Intact => FirstBrokenPosition is null && CheckpointMatches != false;
}

using AccessLedger.Decisions;

namespace AccessLedger.Feed;

/// <summary>Why a watched decision was delivered.</summary>
public enum DecisionChange
{
    /// <summary>The answer when watching began.</summary>
    Initial,

    /// <summary>A recorded event changed whether access is allowed; the checkpoint is that event's.</summary>
    Recorded,

    /// <summary>The clock changed it, with no event: a fact's validFrom or validTo passed.</summary>
    Clock,
}

/// <summary>A watched decision whose answer (allowed or not) changed, or its first answer.</summary>
/// <param name="Decision">The new answer at T = now, with the checkpoint it holds at.</param>
/// <param name="Change">What changed it.</param>
public sealed record DecisionFlip(Decision Decision, DecisionChange Change);

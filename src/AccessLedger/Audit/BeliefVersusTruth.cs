using AccessLedger.Decisions;
using AccessLedger.Timelines;

namespace AccessLedger.Audit;

/// <summary>
/// A maximal stretch of valid time over which the ledger's answer for one subject differed between two knowledge
/// times: what it believed (K1) and what it knew later (K2).
/// </summary>
/// <param name="Subject">Whom it is about.</param>
/// <param name="From">Start (inclusive).</param>
/// <param name="To">End (exclusive, at most the end of the range asked about).</param>
/// <param name="Belief">The answer as known at K1 (or at the moment itself), at <paramref name="From"/>.</param>
/// <param name="Truth">The answer as known at K2, at <paramref name="From"/>.</param>
/// <param name="Responsible">The facts in effect at <paramref name="From"/> known to one knowledge time and not the other: the late-recorded facts behind the gap.</param>
public sealed record BeliefGap(AuditSubject Subject, DateTimeOffset From, DateTimeOffset To, Decision Belief, Decision Truth, IReadOnlyList<AuditFact> Responsible)
{
    /// <summary>Allowed in one and denied in the other: an exposure window, not only a different reason.</summary>
    public bool OutcomeDiffers => Belief.Allowed != Truth.Allowed;

    /// <summary>Believed allowed while truly denied: access the ledger would have let through.</summary>
    public bool Exposure => Belief.Allowed && !Truth.Allowed;

    /// <summary>How long the gap lasted in valid time.</summary>
    public TimeSpan Duration => To - From;
}

/// <summary>Where belief and truth differ for a model over [T1, T2).</summary>
/// <param name="ModelId">The model.</param>
/// <param name="From">T1 (inclusive).</param>
/// <param name="To">T2 (exclusive).</param>
/// <param name="BeliefKnownAt">K1; null means "as known at the moment itself" (K = T for each T).</param>
/// <param name="TruthKnownAt">K2; null means "as known now".</param>
/// <param name="Gaps">Every gap, in order of valid time, then subject.</param>
/// <param name="Checkpoint">The ledger head the answer was computed at.</param>
public sealed record BeliefVersusTruthAnswer(
    string ModelId, DateTimeOffset From, DateTimeOffset To, DateTimeOffset? BeliefKnownAt, DateTimeOffset? TruthKnownAt,
    IReadOnlyList<BeliefGap> Gaps, LedgerCheckpoint Checkpoint);

/// <summary>The "belief versus truth" query: two replays of each subject, compared stretch by stretch.</summary>
internal static class BeliefVersusTruth
{
    public static BeliefVersusTruthAnswer Answer(AuditState state, string modelId, DateTimeOffset from, DateTimeOffset to, DateTimeOffset? beliefKnownAt, DateTimeOffset? truthKnownAt)
    {
        var belief = beliefKnownAt is null ? AccessHistory.AtTheTime : AccessHistory.Fixed(beliefKnownAt);
        var truth = AccessHistory.Fixed(truthKnownAt);
        var gaps = new List<BeliefGap>();
        foreach (var subject in state.Subjects(null))
        {
            gaps.AddRange(Gaps(state, modelId, subject, from, to, belief, truth));
        }

        return new BeliefVersusTruthAnswer(
            modelId, from, to, beliefKnownAt, truthKnownAt,
            gaps.OrderBy(g => g.From).ThenBy(g => g.Subject, AuditSubject.Order).ToList(), state.Checkpoint);
    }

    /// <summary>The gaps of one subject: the stretches where the two replays disagree, merged while the pair of answers stays the same.</summary>
    public static IEnumerable<BeliefGap> Gaps(
        AuditState state, string modelId, AuditSubject subject, DateTimeOffset from, DateTimeOffset to,
        Func<DateTimeOffset, DateTimeOffset?> belief, Func<DateTimeOffset, DateTimeOffset?> truth)
    {
        var decisionState = state.StateFor(modelId, subject);
        var facts = state.FactsFor(modelId, subject);
        var instants = AuditFacts.Instants(facts).ToList();
        var believed = AccessHistory.Intervals(decisionState, modelId, subject, instants, from, to, belief);
        var known = AccessHistory.Intervals(decisionState, modelId, subject, instants, from, to, truth);
        return Gaps(subject, facts, believed, known, to, belief, truth, (at, k) => Decider.Decide(decisionState, modelId, subject.Subject, at, k));
    }

    /// <summary>The gaps between two replays already made (<paramref name="believed"/>, <paramref name="known"/>), deciding their starts with <paramref name="decide"/>.</summary>
    public static IEnumerable<BeliefGap> Gaps(
        AuditSubject subject, IReadOnlyList<AuditFact> facts, IReadOnlyList<AccessInterval> believed, IReadOnlyList<AccessInterval> known, DateTimeOffset to,
        Func<DateTimeOffset, DateTimeOffset?> belief, Func<DateTimeOffset, DateTimeOffset?> truth, Func<DateTimeOffset, DateTimeOffset?, Decision> decide)
    {
        var boundaries = believed.Select(i => i.From).Concat(known.Select(i => i.From)).Distinct().Order().Append(to).ToList();

        BeliefGap? open = null;
        for (var i = 0; i < boundaries.Count - 1; i++)
        {
            var (start, end) = (boundaries[i], boundaries[i + 1]);
            var b = believed.Last(x => x.From <= start).Decision;
            var t = known.Last(x => x.From <= start).Decision;
            if (open is not null && (AccessHistory.SameAnswer(b, t) || !AccessHistory.SameAnswer(open.Belief, b) || !AccessHistory.SameAnswer(open.Truth, t)))
            {
                yield return open;
                open = null;
            }

            if (AccessHistory.SameAnswer(b, t))
            {
                continue;
            }

            if (open is null)
            {
                var (believedThen, knownThen) = (decide(start, belief(start)), decide(start, truth(start)));
                open = new BeliefGap(subject, start, end, believedThen, knownThen, Responsible(facts, start, belief(start), truth(start), believedThen, knownThen));
            }
            else
            {
                open = open with { To = end };
            }
        }

        if (open is not null)
        {
            yield return open;
        }
    }

    /// <summary>
    /// The facts in effect at T that one knowledge time had and the other not; of those, the ones either answer
    /// cites when there are any (a ban that does not reach the subject is no cause), else all of them (a late lift
    /// is cited by neither answer, yet it is the cause).
    /// </summary>
    private static List<AuditFact> Responsible(IReadOnlyList<AuditFact> facts, DateTimeOffset at, DateTimeOffset? k1, DateTimeOffset? k2, Decision belief, Decision truth)
    {
        var (first, second) = (new Knowledge(k1), new Knowledge(k2));
        var differing = facts
            .Where(f => f.Event.ValidFrom <= at && (f.ValidTo is null || f.ValidTo > at) && first.Knows(f.Event) != second.Knows(f.Event))
            .ToList();
        var cited = new[] { belief, truth }.SelectMany(d => d.Reasons.SelectMany(r => r.Events).Concat(d.Basis)).Select(e => e.Position).ToHashSet();
        var citedDiffering = differing.Where(f => cited.Contains(f.Event.Position)).ToList();
        return citedDiffering.Count > 0 ? citedDiffering : differing;
    }
}

using AccessLedger.Decisions;
using AccessLedger.Timelines;

namespace AccessLedger.Audit;

/// <summary>
/// A maximal stretch of valid time over which the ledger's answer for one subject differed between two knowledge
/// times (or bases): what it believed (K1) and what it knew later (K2).
/// </summary>
/// <param name="Subject">Whom it is about.</param>
/// <param name="From">Start (inclusive).</param>
/// <param name="To">End (exclusive, at most the end of the range asked about).</param>
/// <param name="Belief">The answer as known at K1 (or at the moment itself), at <paramref name="From"/>.</param>
/// <param name="Truth">The answer as known at K2, at <paramref name="From"/>.</param>
/// <param name="Responsible">The facts in effect at <paramref name="From"/> known to one side and not the other: the late-recorded (or, against the notice basis, late-noticed) facts behind the gap.</param>
public sealed record BeliefGap(AuditSubject Subject, DateTimeOffset From, DateTimeOffset To, Decision Belief, Decision Truth, IReadOnlyList<AuditFact> Responsible)
{
    /// <summary>Allowed in one and denied in the other: an exposure window, not only a different reason.</summary>
    public bool OutcomeDiffers => Belief.Allowed != Truth.Allowed;

    /// <summary>Believed allowed while truly denied: access the ledger would have let through.</summary>
    public bool Exposure => Belief.Allowed && !Truth.Allowed;

    /// <summary>How long the gap lasted in valid time.</summary>
    public TimeSpan Duration => To - From;
}

/// <summary>
/// Where, for <see cref="Activity"/> with <see cref="ModelId"/> at valid times in [<see cref="From"/>,
/// <see cref="To"/>), do the answers as known at <see cref="BeliefKnownAt"/> (on the <see cref="BeliefKnowledge"/>
/// basis) differ from those as known at <see cref="TruthKnownAt"/> (on the <see cref="TruthKnowledge"/> basis)?
/// With the same K on both sides, <see cref="KnowledgeBasis.Recorded"/> against <see cref="KnowledgeBasis.Notice"/>
/// shows the exposure caused by the company's own recording delay (LEDGER.md section 7.5).
/// </summary>
/// <param name="ModelId">The model.</param>
/// <param name="From">T1 (inclusive).</param>
/// <param name="To">T2 (exclusive).</param>
public sealed record BeliefVersusTruthQuestion(string ModelId, DateTimeOffset From, DateTimeOffset To)
{
    /// <summary>K1, what was believed; null (the default) means "as known at the moment itself" (K = T for each T).</summary>
    public DateTimeOffset? BeliefKnownAt { get; init; }

    /// <summary>What "known at K1" means; <see cref="KnowledgeBasis.Recorded"/> unless named.</summary>
    public KnowledgeBasis BeliefKnowledge { get; init; } = KnowledgeBasis.Recorded;

    /// <summary>K2, what was known later; null (the default) means "as known now".</summary>
    public DateTimeOffset? TruthKnownAt { get; init; }

    /// <summary>What "known at K2" means; <see cref="KnowledgeBasis.Recorded"/> unless named.</summary>
    public KnowledgeBasis TruthKnowledge { get; init; } = KnowledgeBasis.Recorded;

    /// <summary>The activity both sides are about; <see cref="Activities.Use"/> unless named.</summary>
    public string Activity { get; init; } = Activities.Use;
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
    IReadOnlyList<BeliefGap> Gaps, LedgerCheckpoint Checkpoint)
{
    /// <summary>The activity asked about; <see cref="Activities.Use"/> unless the question named another.</summary>
    public string Activity { get; init; } = Activities.Use;

    /// <summary>The knowledge basis of <see cref="BeliefKnownAt"/>; <see cref="KnowledgeBasis.Recorded"/> unless the question named another.</summary>
    public KnowledgeBasis BeliefKnowledge { get; init; } = KnowledgeBasis.Recorded;

    /// <summary>The knowledge basis of <see cref="TruthKnownAt"/>; <see cref="KnowledgeBasis.Recorded"/> unless the question named another.</summary>
    public KnowledgeBasis TruthKnowledge { get; init; } = KnowledgeBasis.Recorded;
}

/// <summary>The "belief versus truth" query: two replays of each subject, compared stretch by stretch.</summary>
internal static class BeliefVersusTruth
{
    public static BeliefVersusTruthAnswer Answer(AuditState state, BeliefVersusTruthQuestion question)
    {
        var (modelId, from, to) = (question.ModelId, question.From, question.To);
        var belief = question.BeliefKnownAt is null
            ? AccessHistory.AtTheTime(question.BeliefKnowledge)
            : AccessHistory.Fixed(new Knowledge(question.BeliefKnownAt, question.BeliefKnowledge));
        var truth = AccessHistory.Fixed(new Knowledge(question.TruthKnownAt, question.TruthKnowledge));
        var gaps = new List<BeliefGap>();
        foreach (var subject in state.Subjects(Knowledge.Now))
        {
            gaps.AddRange(Gaps(state, modelId, subject, question.Activity, from, to, belief, truth));
        }

        return new BeliefVersusTruthAnswer(
            modelId, from, to, question.BeliefKnownAt, question.TruthKnownAt,
            gaps.OrderBy(g => g.From).ThenBy(g => g.Subject, AuditSubject.Order).ToList(), state.Checkpoint)
        {
            Activity = question.Activity,
            BeliefKnowledge = question.BeliefKnowledge,
            TruthKnowledge = question.TruthKnowledge,
        };
    }

    /// <summary>The gaps of one subject: the stretches where the two replays disagree, merged while the pair of answers stays the same.</summary>
    public static IEnumerable<BeliefGap> Gaps(
        AuditState state, string modelId, AuditSubject subject, string activity, DateTimeOffset from, DateTimeOffset to,
        Func<DateTimeOffset, Knowledge> belief, Func<DateTimeOffset, Knowledge> truth)
    {
        var decide = AccessHistory.Decide(state.StateFor(modelId, subject), modelId, subject, activity);
        var facts = state.FactsFor(modelId, subject);
        var instants = AuditFacts.Instants(facts).ToList();
        var believed = AccessHistory.Intervals(decide, modelId, subject, instants, from, to, belief);
        var known = AccessHistory.Intervals(decide, modelId, subject, instants, from, to, truth);
        return Gaps(subject, facts, believed, known, to, belief, truth, decide);
    }

    /// <summary>The gaps between two replays already made (<paramref name="believed"/>, <paramref name="known"/>), deciding their starts with <paramref name="decide"/>.</summary>
    public static IEnumerable<BeliefGap> Gaps(
        AuditSubject subject, IReadOnlyList<AuditFact> facts, IReadOnlyList<AccessInterval> believed, IReadOnlyList<AccessInterval> known, DateTimeOffset to,
        Func<DateTimeOffset, Knowledge> belief, Func<DateTimeOffset, Knowledge> truth, Func<DateTimeOffset, Knowledge, Decision> decide)
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
    private static List<AuditFact> Responsible(IReadOnlyList<AuditFact> facts, DateTimeOffset at, Knowledge first, Knowledge second, Decision belief, Decision truth)
    {
        var differing = facts
            .Where(f => f.Event.ValidFrom <= at && (f.ValidTo is null || f.ValidTo > at) && first.Knows(f.Event) != second.Knows(f.Event))
            .ToList();
        var cited = new[] { belief, truth }.SelectMany(d => d.Reasons.SelectMany(r => r.Events).Concat(d.Basis)).Select(e => e.Position).ToHashSet();
        var citedDiffering = differing.Where(f => cited.Contains(f.Event.Position)).ToList();
        return citedDiffering.Count > 0 ? citedDiffering : differing;
    }
}

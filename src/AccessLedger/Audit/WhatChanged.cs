using AccessLedger.Decisions;
using AccessLedger.Timelines;

namespace AccessLedger.Audit;

/// <summary>One subject's answer changing at an instant.</summary>
/// <param name="Subject">Whom it is about.</param>
/// <param name="Before">The answer just before (decided at the start of the interval it ends).</param>
/// <param name="After">The answer from the instant on.</param>
/// <param name="Causes">The known facts bearing on this subject that start (validFrom) or end (validTo) at the instant.</param>
public sealed record AccessChange(AuditSubject Subject, Decision Before, Decision After, IReadOnlyList<AuditFact> Causes)
{
    /// <summary>The outcome flipped (allowed to denied or back), not only the failing gates.</summary>
    public bool Flipped => Before.Allowed != After.Allowed;
}

/// <summary>An instant of valid time at which some answers changed.</summary>
/// <param name="At">The instant.</param>
/// <param name="Changes">The subjects whose answer changed, by organization.</param>
public sealed record ChangeInstant(DateTimeOffset At, IReadOnlyList<AccessChange> Changes);

/// <summary>
/// What changed for <see cref="AuditQuestion.Activity"/> with <see cref="ModelId"/> in (<see cref="From"/>,
/// <see cref="To"/>], as known at <see cref="AuditQuestion.KnownAt"/> on the <see cref="AuditQuestion.Knowledge"/> basis?
/// </summary>
/// <param name="ModelId">The model.</param>
/// <param name="From">T1: the answers at T1 are the baseline.</param>
/// <param name="To">T2: changes up to and including T2 are reported.</param>
public sealed record WhatChangedQuestion(string ModelId, DateTimeOffset From, DateTimeOffset To) : AuditQuestion;

/// <summary>What changed for a model in (T1, T2], as known at K.</summary>
/// <param name="ModelId">The model.</param>
/// <param name="From">T1: the answers at T1 are the baseline.</param>
/// <param name="To">T2: changes up to and including T2 are reported.</param>
/// <param name="KnownAt">Knowledge time K (null: as known now).</param>
/// <param name="AtStart">Every subject's answer at T1.</param>
/// <param name="Instants">The instants in (T1, T2] at which some answer changed (outcome or failing gates), in order.</param>
/// <param name="Checkpoint">The ledger head the answer was computed at.</param>
public sealed record WhatChangedAnswer(
    string ModelId, DateTimeOffset From, DateTimeOffset To, DateTimeOffset? KnownAt,
    IReadOnlyList<AccessAnswer> AtStart, IReadOnlyList<ChangeInstant> Instants, LedgerCheckpoint Checkpoint)
{
    /// <summary>The activity asked about; <see cref="Activities.Use"/> unless the question named another.</summary>
    public string Activity { get; init; } = Activities.Use;

    /// <summary>The knowledge basis of <see cref="KnownAt"/> (LEDGER.md section 7.2); <see cref="KnowledgeBasis.Recorded"/> unless the question named another.</summary>
    public KnowledgeBasis Knowledge { get; init; } = KnowledgeBasis.Recorded;

    /// <summary>The changes whose outcome flipped.</summary>
    public IEnumerable<(DateTimeOffset At, AccessChange Change)> Flips =>
        Instants.SelectMany(i => i.Changes.Where(c => c.Flipped).Select(c => (i.At, c)));
}

/// <summary>The "what changed" query: each subject's intervals over [T1, T2], their boundaries are the changes.</summary>
internal static class WhatChanged
{
    public static WhatChangedAnswer Answer(AuditState state, WhatChangedQuestion question)
    {
        var (modelId, from, to, knowledge) = (question.ModelId, question.From, question.To, question.AsKnown);
        var subjects = state.Subjects(knowledge);
        var atStart = new List<AccessAnswer>();
        var changes = new List<(DateTimeOffset At, AccessChange Change)>();
        foreach (var subject in subjects)
        {
            var facts = state.FactsFor(modelId, subject).Where(f => knowledge.Knows(f.Event)).ToList();
            // One tick past T2, so a change at T2 itself is an interval boundary.
            var intervals = AccessHistory.Intervals(
                state.StateFor(modelId, subject), modelId, subject, question.Activity, AuditFacts.Instants(facts), from, to.AddTicks(1), AccessHistory.Fixed(knowledge));
            atStart.Add(new AccessAnswer(subject, intervals[0].Decision));
            for (var i = 1; i < intervals.Count; i++)
            {
                var at = intervals[i].From;
                var causes = facts.Where(f => f.Event.ValidFrom == at || f.ValidTo == at).ToList();
                changes.Add((at, new AccessChange(subject, intervals[i - 1].Decision, intervals[i].Decision, causes)));
            }
        }

        var instants = changes.GroupBy(c => c.At).OrderBy(g => g.Key).Select(g => new ChangeInstant(g.Key, g.Select(c => c.Change).ToList())).ToList();
        return new WhatChangedAnswer(modelId, from, to, question.KnownAt, atStart, instants, state.Checkpoint)
        {
            Activity = question.Activity,
            Knowledge = question.Knowledge,
        };
    }
}

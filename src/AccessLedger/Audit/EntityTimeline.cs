using AccessLedger.Decisions;
using AccessLedger.Events;
using AccessLedger.Timelines;

namespace AccessLedger.Audit;

/// <summary>What a timeline is of.</summary>
public enum AuditEntityKind
{
    /// <summary>A model: its registrations, the bans, exceptions, safeguards, suspensions and negotiations that name it, and provisionings for it.</summary>
    Model,

    /// <summary>An organization: its registration and provisionings.</summary>
    Organization,

    /// <summary>A person: enrolments, relocations, offboarding, and their organizations' facts.</summary>
    Person,
}

/// <summary>
/// The history of a model, organization or person as known at <see cref="AuditQuestion.KnownAt"/> on the
/// <see cref="AuditQuestion.Knowledge"/> basis, with the access to <see cref="AuditQuestion.Activity"/> that resulted.
/// </summary>
/// <param name="Kind">Model, organization or person.</param>
/// <param name="Id">Its id.</param>
public sealed record TimelineQuestion(AuditEntityKind Kind, string Id) : AuditQuestion;

/// <summary>The history of a model, organization or person as known at K: its facts with both clocks, and the access that resulted.</summary>
/// <param name="Kind">Model, organization or person.</param>
/// <param name="Id">Its id.</param>
/// <param name="KnownAt">Knowledge time K (null: as known now).</param>
/// <param name="Events">The facts that touch it, in ledger order (each with validFrom and recordedAt).</param>
/// <param name="Access">
/// The resulting intervals of access: for a model, every subject's; for an organization, its two classes' for
/// each model; for a person, theirs for each model. From the first fact on; the last interval of each runs on.
/// </param>
/// <param name="Checkpoint">The ledger head the answer was computed at.</param>
public sealed record EntityTimeline(AuditEntityKind Kind, string Id, DateTimeOffset? KnownAt, IReadOnlyList<AuditFact> Events, IReadOnlyList<AccessInterval> Access, LedgerCheckpoint Checkpoint)
{
    /// <summary>The activity of <see cref="Access"/>; <see cref="Activities.Use"/> unless the question named another.</summary>
    public string Activity { get; init; } = Activities.Use;

    /// <summary>The knowledge basis of <see cref="KnownAt"/> (LEDGER.md section 7.2); <see cref="KnowledgeBasis.Recorded"/> unless the question named another.</summary>
    public KnowledgeBasis Knowledge { get; init; } = KnowledgeBasis.Recorded;
}

/// <summary>The timeline query.</summary>
internal static class EntityTimelines
{
    /// <summary>The scope to load for a timeline of <paramref name="kind"/> <paramref name="id"/>.</summary>
    public static AuditState.Scope ScopeOf(AuditEntityKind kind, string id) => kind switch
    {
        AuditEntityKind.Model => new(id, null, null),
        AuditEntityKind.Organization => new(null, "", id),
        _ => new(null, id, ""),
    };

    public static EntityTimeline Answer(AuditState state, TimelineQuestion question)
    {
        var (kind, id, knowledge) = (question.Kind, question.Id, question.AsKnown);
        var (events, pairs) = kind switch
        {
            AuditEntityKind.Model => (ModelEvents(state, id), state.Subjects(knowledge).Select(s => (Model: id, Subject: s))),
            AuditEntityKind.Organization => (
                AuditFacts.Of(state.Organizations.Values.Where(o => o.Id == id)),
                state.ModelIds(knowledge).SelectMany(m => state.Subjects(knowledge).Where(s => s.Kind != AuditSubjectKind.Person && s.OrgId == id).Select(s => (Model: m, Subject: s)))),
            _ => (
                AuditFacts.Of(state.Persons.Values.Where(p => p.Id == id).SelectMany(p => state.OwnTimelines(AuditSubject.Person(p.Id, "")))),
                state.ModelIds(knowledge).SelectMany(m => state.Subjects(knowledge).Where(s => s.Kind == AuditSubjectKind.Person && s.Id == id).Select(s => (Model: m, Subject: s)))),
        };

        var access = new List<AccessInterval>();
        foreach (var (model, subject) in pairs)
        {
            var facts = state.FactsFor(model, subject).Where(f => knowledge.Knows(f.Event)).ToList();
            if (facts.Count > 0)
            {
                var instants = AuditFacts.Instants(facts).ToList();
                access.AddRange(AccessHistory.Intervals(state.StateFor(model, subject), model, subject, question.Activity, instants, instants.Min(), null, AccessHistory.Fixed(knowledge)));
            }
        }

        return new EntityTimeline(kind, id, question.KnownAt, events.Where(f => knowledge.Knows(f.Event)).ToList(), access, state.Checkpoint)
        {
            Activity = question.Activity,
            Knowledge = question.Knowledge,
        };
    }

    /// <summary>The facts that touch a model: its own part, the negotiations over its bans, and provisionings for it.</summary>
    public static IReadOnlyList<AuditFact> ModelEvents(AuditState state, string modelId)
    {
        var provisioning = state.Organizations.Values.SelectMany(o =>
            o.Provisionings.Where(p => p.Event.ModelId == modelId).Select(p => p.Ref)
                .Concat(o.Deprovisionings.Where(d => d.Event.ModelId == modelId).Select(d => d.Ref)))
            .ToHashSet();
        var organizationFacts = AuditFacts.Of(state.Organizations.Values).Where(f => provisioning.Contains(f.Event));
        return [.. state.ModelPart(modelId).Facts.Concat(AuditFacts.Of(state.Negotiations.Values)).Concat(organizationFacts)
            .DistinctBy(f => f.Event.Position).OrderBy(f => f.Event.Position)];
    }
}

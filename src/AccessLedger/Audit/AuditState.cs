using System.Text.Json;
using AccessLedger.Decisions;
using AccessLedger.Storage;
using AccessLedger.Timelines;
using Npgsql;

namespace AccessLedger.Audit;

/// <summary>
/// The timelines an audit query reads, loaded in one round trip: the model part (models, and the bans,
/// exceptions, safeguards, suspensions and negotiations that name them) once, and every person and organization
/// in scope. Decisions are then made in memory, one <see cref="DecisionState"/> per subject sharing the model part.
/// </summary>
internal sealed class AuditState
{
    private readonly Dictionary<string, (DecisionState Part, IReadOnlyList<AuditFact> Facts)> _models = new(StringComparer.Ordinal);

    public Dictionary<string, ModelTimeline> Models { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, PersonTimeline> Persons { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, OrganizationTimeline> Organizations { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, DirectiveTimeline> Directives { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ExceptionTimeline> Exceptions { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, SafeguardTimeline> Safeguards { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, SuspensionTimeline> Suspensions { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, NegotiationTimeline> Negotiations { get; } = new(StringComparer.Ordinal);

    public LedgerCheckpoint Checkpoint { get; private set; } = new(0, Convert.ToHexStringLower(Chain.ChainHasher.Genesis.Span));

    /// <summary>Which persons and organizations to load besides the model part.</summary>
    /// <param name="ModelId">One model, or null for every model.</param>
    /// <param name="PersonId">One person, or null for every person ("" for none).</param>
    /// <param name="OrgId">One organization (besides the persons' own), or null for every organization.</param>
    public readonly record struct Scope(string? ModelId, string? PersonId, string? OrgId);

    /// <summary>Reads, in one query, the timelines the scope needs and the ledger head.</summary>
    public static async Task<AuditState> LoadAsync(NpgsqlDataSource dataSource, string schema, Scope scope, CancellationToken cancellationToken)
    {
        var s = schema;
        var sql = $"""
            with m as (select data from {s}.mt_doc_model_timeline where @model::text is null or id = @model),
                 p as (select data from {s}.mt_doc_person_timeline where @person::text is null or id = @person),
                 d as (select id, data from {s}.mt_doc_directive_timeline where id = any(array(select jsonb_array_elements_text(m.data -> 'directiveIds') from m))),
                 x as (select data from {s}.mt_doc_exception_timeline where id = any(array(select jsonb_array_elements_text(m.data -> 'exceptionIds') from m)))
            select 'model', data from m
            union all select 'person', data from p
            union all select 'org', o.data from {s}.mt_doc_organization_timeline o
                where @org::text is null or o.id = @org or o.id in (select jsonb_array_elements_text(p.data -> 'orgIds') from p)
            union all select 'directive', data from d
            union all select 'exception', data from x
            union all select 'safeguard', g.data from {s}.mt_doc_safeguard_timeline g where g.id = any(array(select jsonb_array_elements_text(x.data -> 'requiredSafeguardIds') from x))
            union all select 'suspension', u.data from {s}.mt_doc_suspension_timeline u where u.id = any(array(select jsonb_array_elements_text(m.data -> 'suspensionIds') from m))
            union all select 'negotiation', n.data from {s}.mt_doc_negotiation_timeline n
                where exists (select 1 from jsonb_array_elements_text(coalesce(n.data -> 'opened' -> 'event' -> 'directiveIds', '[]')) i where i in (select id from d))
            union all (select 'head', jsonb_build_object('position', position, 'hash', encode(hash, 'hex')) from {s}.{LedgerSchema.ChainTable} order by position desc limit 1)
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("model", (object?)scope.ModelId ?? DBNull.Value);
        command.Parameters.AddWithValue("person", (object?)scope.PersonId ?? DBNull.Value);
        command.Parameters.AddWithValue("org", (object?)scope.OrgId ?? DBNull.Value);

        var state = new AuditState();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var json = reader.GetString(1);
            switch (reader.GetString(0))
            {
                case "model": Put(state.Models, json); break;
                case "person": Put(state.Persons, json); break;
                case "org": Put(state.Organizations, json); break;
                case "directive": Put(state.Directives, json); break;
                case "exception": Put(state.Exceptions, json); break;
                case "safeguard": Put(state.Safeguards, json); break;
                case "suspension": Put(state.Suspensions, json); break;
                case "negotiation": Put(state.Negotiations, json); break;
                case "head": state.Checkpoint = JsonSerializer.Deserialize<LedgerCheckpoint>(json, LedgerSchema.StorageJson)!; break;
            }
        }

        return state;

        static void Put<T>(Dictionary<string, T> into, string json) where T : Timeline
        {
            var timeline = JsonSerializer.Deserialize<T>(json, LedgerSchema.StorageJson)!;
            into[timeline.Id] = timeline;
        }
    }

    /// <summary>A state made from a working set of timelines (tests and what-if replays without a database).</summary>
    public static AuditState From(TimelineSet set)
    {
        var state = new AuditState();
        foreach (var timeline in set.All)
        {
            switch (timeline)
            {
                case ModelTimeline x: state.Models[x.Id] = x; break;
                case PersonTimeline x: state.Persons[x.Id] = x; break;
                case OrganizationTimeline x: state.Organizations[x.Id] = x; break;
                case DirectiveTimeline x: state.Directives[x.Id] = x; break;
                case ExceptionTimeline x: state.Exceptions[x.Id] = x; break;
                case SafeguardTimeline x: state.Safeguards[x.Id] = x; break;
                case SuspensionTimeline x: state.Suspensions[x.Id] = x; break;
                case NegotiationTimeline x: state.Negotiations[x.Id] = x; break;
            }
        }

        return state;
    }

    /// <summary>
    /// The subjects known at <paramref name="knownAt"/> (null: all): every person with a known enrolment, and the
    /// two classes of every organization with a known registration; in <see cref="AuditSubject.Order"/>.
    /// </summary>
    public IReadOnlyList<AuditSubject> Subjects(DateTimeOffset? knownAt)
    {
        var knowledge = new Knowledge(knownAt);
        var persons = Persons.Values
            .Select(p => p.Enrolments.LastOrDefault(knowledge.Knows))
            .OfType<Recorded<Events.PersonEnrolled>>()
            .Select(e => AuditSubject.Person(e.Event.PersonId, e.Event.OrgId));
        var organizations = Organizations.Values
            .Where(o => o.Registered is { } r && knowledge.Knows(r))
            .SelectMany(o => AuditSubject.OrganizationClasses(o.Id, o.Registered!.Event.Country));
        return persons.Concat(organizations).Order(AuditSubject.Order).ToList();
    }

    /// <summary>The models known at <paramref name="knownAt"/>, by id.</summary>
    public IReadOnlyList<string> ModelIds(DateTimeOffset? knownAt) =>
        Models.Values.Where(m => m.Registrations.Exists(new Knowledge(knownAt).Knows)).Select(m => m.Id).Order(StringComparer.Ordinal).ToList();

    /// <summary>The decision state of one subject's access to one model: the model part shared, the person added.</summary>
    public DecisionState StateFor(string modelId, AuditSubject subject) =>
        ModelPart(modelId).Part with { Person = subject.Kind == AuditSubjectKind.Person ? Persons.GetValueOrDefault(subject.Id) : null };

    /// <summary>The facts that bear on one subject's access to one model: the model part's and the subject's own.</summary>
    public IReadOnlyList<AuditFact> FactsFor(string modelId, AuditSubject subject) =>
        [.. ModelPart(modelId).Facts, .. AuditFacts.Of(OwnTimelines(subject))];

    /// <summary>The subject's own timelines: the person and their organizations, or the organization.</summary>
    public IEnumerable<Timeline> OwnTimelines(AuditSubject subject)
    {
        if (subject.Kind != AuditSubjectKind.Person)
        {
            return Organizations.TryGetValue(subject.OrgId, out var organization) ? [organization] : [];
        }

        if (!Persons.TryGetValue(subject.Id, out var person))
        {
            return [];
        }

        return person.OrgIds.Select(Organizations.GetValueOrDefault).OfType<Timeline>().Prepend(person);
    }

    /// <summary>The model's part of every decision about it, and its facts (model, bans, exceptions, safeguards, suspensions).</summary>
    public (DecisionState Part, IReadOnlyList<AuditFact> Facts) ModelPart(string modelId)
    {
        if (_models.TryGetValue(modelId, out var cached))
        {
            return cached;
        }

        var part = DecisionState.ForModel(
            Models.GetValueOrDefault(modelId), Directives.GetValueOrDefault, Exceptions.GetValueOrDefault, Safeguards.GetValueOrDefault, Suspensions.GetValueOrDefault)
            with { Organizations = Organizations };
        IEnumerable<Timeline> timelines =
            [.. part.Model is null ? [] : new Timeline[] { part.Model }, .. part.Directives.Values, .. part.Exceptions.Values, .. part.Safeguards.Values, .. part.Suspensions.Values];
        return _models[modelId] = (part, AuditFacts.Of(timelines));
    }
}

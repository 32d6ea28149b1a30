using AccessLedger.Decisions;
using AccessLedger.Events;
using AccessLedger.Storage;
using AccessLedger.Timelines;
using Npgsql;

namespace AccessLedger.Audit;

/// <summary>
/// The timelines an audit query reads, loaded in one round trip: the model part (models, and the bans,
/// exceptions, safeguards, suspensions and negotiations that name them) once, and every person and organization
/// in scope (or the persons streamed, <see cref="StreamPersonsAsync"/>). Decisions are then made in memory, the
/// model part shared by every subject.
/// </summary>
internal sealed class AuditState
{
    private readonly Dictionary<string, (DecisionState Part, IReadOnlyList<AuditFact> Facts)> _models = new(StringComparer.Ordinal);

    public Dictionary<string, ModelTimeline> Models { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, PersonTimeline> Persons { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, OrganizationTimeline> Organizations { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, DirectiveTimeline> Directives { get; } = new(StringComparer.Ordinal);

    /// <summary>Country groups by id.</summary>
    public Dictionary<string, CountryGroupTimeline> Groups { get; } = new(StringComparer.Ordinal);

    /// <summary>Classes of models, indexing the instruments that name them.</summary>
    public Dictionary<string, ClassTimeline> Classes { get; } = new(StringComparer.Ordinal);

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

    /// <summary>
    /// Reads, in one round trip, the timelines the scope needs and the ledger head: the model part from the rows of
    /// <see cref="InstrumentFacts"/> (whole histories), organizations and (unless <paramref name="withPersons"/> is false) persons from the rows of
    /// <see cref="SubjectFacts"/> (every person of the ledger is one binary read, not a JSON document each),
    /// folded into timelines in ledger order.
    /// </summary>
    /// <param name="dataSource">The ledger's database.</param>
    /// <param name="schema">The ledger's schema.</param>
    /// <param name="scope">Which persons and organizations besides the model part.</param>
    /// <param name="withPersons">False to leave the persons to <see cref="StreamPersonsAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<AuditState> LoadAsync(NpgsqlDataSource dataSource, string schema, Scope scope, bool withPersons, CancellationToken cancellationToken)
    {
        var batch = dataSource.CreateBatch();
        await using (batch.ConfigureAwait(false))
        {
            batch.BatchCommands.Add(Command(InstrumentFacts.SelectAudit(schema), scope));
            batch.BatchCommands.Add(new NpgsqlBatchCommand(Chain.ChainLinks.HeadSql(schema)));
            batch.BatchCommands.Add(Command(SubjectFacts.SelectOrganizations(schema), scope));
            if (withPersons)
            {
                batch.BatchCommands.Add(Command(SubjectFacts.SelectPersons(schema), scope));
            }

            var state = new AuditState();
            var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var instruments = new TimelineSet();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var (e, at) = InstrumentFacts.Read(reader);
                    instruments.Apply(e, at);
                }

                state.AddInstruments(instruments.All);
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                var head = await Chain.ChainLinks.ReadHeadAsync(reader, cancellationToken).ConfigureAwait(false);
                state.Checkpoint = new LedgerCheckpoint(head.Position, Convert.ToHexStringLower(head.Hash));

                var strings = new SubjectFacts.Strings();
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                var organizations = new TimelineSet();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var (e, at, _) = SubjectFacts.Read(reader, strings);
                    organizations.Apply(e, at);
                }

                state.AddSubjects(organizations.All);
                if (withPersons)
                {
                    await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                    await ReadPersonsAsync(reader, 4_096, batch => FoldPersons(batch, person => state.Persons[person.Id] = person), cancellationToken).ConfigureAwait(false);
                }

                return state;
            }
        }
    }

    /// <summary>
    /// Reads the facts of the persons in scope and hands them over in batches of whole persons (about
    /// <paramref name="batchSize"/> facts, person by person, each in ledger order) without folding them: the reader
    /// only reads, and whoever takes a batch folds it (<see cref="FoldPersons"/>), so an answer about every person
    /// of a large ledger holds a few batches at a time instead of every timeline.
    /// </summary>
    public static async Task StreamPersonsAsync(NpgsqlDataSource dataSource, string schema, Scope scope, int batchSize, Action<List<PersonFact>> eachBatch, CancellationToken cancellationToken)
    {
        var command = dataSource.CreateCommand(SubjectFacts.SelectPersons(schema));
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue("person", (object?)scope.PersonId ?? DBNull.Value);
            var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await ReadPersonsAsync(reader, batchSize, eachBatch, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>A fact of a person as read: the event, its reference, and the person.</summary>
    public readonly record struct PersonFact(ILedgerEvent Event, EventRef Ref, string PersonId);

    /// <summary>Folds facts given person by person (each in ledger order) and hands each person over when complete.</summary>
    public static void FoldPersons(List<PersonFact> facts, Action<PersonTimeline> each)
    {
        var persons = new TimelineSet();
        string? current = null;
        foreach (var (e, at, personId) in facts)
        {
            if (current is not null && personId != current)
            {
                each(persons.Find<PersonTimeline>(current)!);
                persons.Clear();
            }

            persons.Apply(e, at);
            current = personId;
        }

        if (current is not null)
        {
            each(persons.Find<PersonTimeline>(current)!);
        }
    }

    /// <summary>Reads the person rows of the reader into batches that end where a person ends.</summary>
    private static async Task ReadPersonsAsync(NpgsqlDataReader reader, int batchSize, Action<List<PersonFact>> eachBatch, CancellationToken cancellationToken)
    {
        var strings = new SubjectFacts.Strings();
        var batch = new List<PersonFact>(batchSize + 16);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var (e, at, personId) = SubjectFacts.Read(reader, strings);
            if (batch.Count >= batchSize && personId != batch[^1].PersonId)
            {
                eachBatch(batch);
                batch = new(batchSize + 16);
            }

            batch.Add(new(e, at, personId));
        }

        if (batch.Count > 0)
        {
            eachBatch(batch);
        }
    }

    private static NpgsqlBatchCommand Command(string sql, Scope scope)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddWithValue("model", (object?)scope.ModelId ?? DBNull.Value);
        command.Parameters.AddWithValue("person", (object?)scope.PersonId ?? DBNull.Value);
        command.Parameters.AddWithValue("org", (object?)scope.OrgId ?? DBNull.Value);
        return command;
    }

    /// <summary>A state made from a working set of timelines (tests and what-if replays without a database).</summary>
    public static AuditState From(TimelineSet set)
    {
        var state = new AuditState();
        state.AddInstruments(set.All);
        state.AddSubjects(set.All);
        return state;
    }

    private void AddInstruments(IEnumerable<Timeline> timelines)
    {
        foreach (var timeline in timelines)
        {
            switch (timeline)
            {
                case ModelTimeline x: Models[x.Id] = x; break;
                case DirectiveTimeline x: Directives[x.Id] = x; break;
                case ExceptionTimeline x: Exceptions[x.Id] = x; break;
                case SafeguardTimeline x: Safeguards[x.Id] = x; break;
                case SuspensionTimeline x: Suspensions[x.Id] = x; break;
                case NegotiationTimeline x: Negotiations[x.Id] = x; break;
                case ClassTimeline x: Classes[x.Id] = x; break;
                case CountryGroupTimeline x: Groups[x.Id] = x; break;
            }
        }
    }

    private void AddSubjects(IEnumerable<Timeline> timelines)
    {
        foreach (var timeline in timelines)
        {
            switch (timeline)
            {
                case PersonTimeline x: Persons[x.Id] = x; break;
                case OrganizationTimeline x: Organizations[x.Id] = x; break;
            }
        }
    }

    /// <summary>
    /// The subjects <paramref name="knowledge"/> knows (<see cref="Knowledge.Now"/>: all): every person with a known
    /// enrolment, and the two classes of every organization with a known registration; in <see cref="AuditSubject.Order"/>.
    /// </summary>
    public IReadOnlyList<AuditSubject> Subjects(Knowledge knowledge)
    {
        var persons = Persons.Values.Select(p => SubjectOf(p, knowledge)).OfType<AuditSubject>();
        var organizations = Organizations.Values.SelectMany(o => SubjectsOf(o, knowledge));
        return persons.Concat(organizations).Order(AuditSubject.Order).ToList();
    }

    /// <summary>The person as a subject known at K, under the organization of their latest known enrolment; null when none is known.</summary>
    public static AuditSubject? SubjectOf(PersonTimeline person, Knowledge knowledge)
    {
        for (var i = person.Enrolments.Count - 1; i >= 0; i--)
        {
            if (knowledge.Knows(person.Enrolments[i]))
            {
                return AuditSubject.Person(person.Enrolments[i].Event.PersonId, person.Enrolments[i].Event.OrgId);
            }
        }

        return null;
    }

    /// <summary>The two classes of an organization whose registration is known at K; none otherwise.</summary>
    public static IEnumerable<AuditSubject> SubjectsOf(OrganizationTimeline organization, Knowledge knowledge) =>
        organization.Registered is { } registered && knowledge.Knows(registered) ? AuditSubject.OrganizationClasses(organization.Id, registered.Event.Country) : [];

    /// <summary>The models <paramref name="knowledge"/> knows, by id.</summary>
    public IReadOnlyList<string> ModelIds(Knowledge knowledge) =>
        Models.Values.Where(m => m.Registrations.Exists(knowledge.Knows)).Select(m => m.Id).Order(StringComparer.Ordinal).ToList();

    /// <summary>The decision state of one subject's access to one model: the model part shared, the person added.</summary>
    public DecisionState StateFor(string modelId, AuditSubject subject) => ModelPart(modelId).Part with { Person = PersonOf(subject) };

    /// <summary>The subject's person timeline; null for an organization class.</summary>
    public PersonTimeline? PersonOf(AuditSubject subject) => subject.Kind == AuditSubjectKind.Person ? Persons.GetValueOrDefault(subject.Id) : null;

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
            Models.GetValueOrDefault(modelId), Classes.GetValueOrDefault, Directives.GetValueOrDefault, Exceptions.GetValueOrDefault, Safeguards.GetValueOrDefault, Suspensions.GetValueOrDefault, Groups.GetValueOrDefault)
            with { Organizations = Organizations };
        IEnumerable<Timeline> timelines =
            [.. part.Model is null ? [] : new Timeline[] { part.Model }, .. part.Directives.Values, .. part.Exceptions.Values, .. part.Safeguards.Values, .. part.Suspensions.Values, .. part.Groups.Values];
        return _models[modelId] = (part, AuditFacts.Of(timelines));
    }
}

using AccessLedger.Events;
using Npgsql;

namespace AccessLedger.Timelines;

/// <summary>
/// A working set of timelines folded from fact rows: loaded once for a batch of events and folded forward one event
/// at a time, so the write rules judge each event against the state that includes the events before it in the same
/// batch; loaded for one (model, subject, T, K) by a decision, or for a model's whole history by an audit.
/// </summary>
internal sealed class TimelineSet
{
    private readonly Dictionary<(Type, string), Timeline> _documents = [];

    /// <summary>The document of type <typeparamref name="T"/> with the id, or null when there is none.</summary>
    public T? Find<T>(string id) where T : Timeline => _documents.GetValueOrDefault((typeof(T), id)) as T;

    /// <summary>The document of the given type and id, or null when there is none.</summary>
    public Timeline? Find(Type type, string id) => _documents.GetValueOrDefault((type, id));

    /// <summary>Every document in the set.</summary>
    public IEnumerable<Timeline> All => _documents.Values;

    /// <summary>Empties the set, to fold the next entity with the same set (a read that folds one entity at a time).</summary>
    public void Clear()
    {
        _documents.Clear();
    }

    /// <summary>Adds a loaded document.</summary>
    public void Add(Timeline document) => _documents[(document.GetType(), document.Id)] = document;

    /// <summary>The timelines that judging or applying these events reads, by type.</summary>
    public static IEnumerable<(Type Type, string Id)> DocumentsFor(ILedgerEvent e) => e switch
    {
        ModelRegistered x => [Doc<ModelTimeline>(x.ModelId)],
        ProviderSuspensionStarted x => [Doc<SuspensionTimeline>(x.SuspensionId), .. x.Models.Select(Doc<ModelTimeline>)],
        ProviderSuspensionLifted x => [Doc<SuspensionTimeline>(x.SuspensionId)],
        BanIssued x => [Doc<DirectiveTimeline>(x.DirectiveId), .. x.Models.Select(Doc<ModelTimeline>)],
        BanAmended x => [Doc<DirectiveTimeline>(x.DirectiveId), .. x.AddModels.Select(Doc<ModelTimeline>)],
        BanLifted x => [Doc<DirectiveTimeline>(x.DirectiveId)],
        NegotiationOpened x => [Doc<NegotiationTimeline>(x.CaseId)],
        NegotiationClosed x => [Doc<NegotiationTimeline>(x.CaseId)],
        SafeguardCertified x => [Doc<SafeguardTimeline>(x.CertificationId)],
        SafeguardWithdrawn x => [Doc<SafeguardTimeline>(x.CertificationId)],
        ExceptionGranted x =>
        [
            Doc<ExceptionTimeline>(x.ExceptionId), .. x.Models.Select(Doc<ModelTimeline>),
            .. x.DirectiveIds.Select(Doc<DirectiveTimeline>), .. x.RequiresSafeguards.Select(Doc<SafeguardTimeline>),
        ],
        ExceptionAmended x => [Doc<ExceptionTimeline>(x.ExceptionId)],
        ExceptionRevoked x => [Doc<ExceptionTimeline>(x.ExceptionId)],
        OrganizationRegistered x => [Doc<OrganizationTimeline>(x.OrgId)],
        PartnerProvisioned x =>
        [
            Doc<OrganizationTimeline>(x.OrgId), Doc<ModelTimeline>(x.ModelId),
            .. x.ExceptionId is null ? Array.Empty<(Type, string)>() : [Doc<ExceptionTimeline>(x.ExceptionId)],
        ],
        PartnerDeprovisioned x => [Doc<OrganizationTimeline>(x.OrgId)],
        PersonEnrolled x => [Doc<PersonTimeline>(x.PersonId), Doc<OrganizationTimeline>(x.OrgId)],
        PersonRelocated x => [Doc<PersonTimeline>(x.PersonId)],
        PersonOffboarded x => [Doc<PersonTimeline>(x.PersonId)],
        _ => [],
    };

    private static (Type, string) Doc<T>(string id) where T : Timeline => (typeof(T), id);

    /// <summary>The stream whose events make the timeline of this type and id (LEDGER.md section 2).</summary>
    public static string StreamOf(Type type, string id) => type.Name switch
    {
        nameof(ModelTimeline) => Streams.Model(id),
        nameof(DirectiveTimeline) => Streams.Directive(id),
        nameof(ExceptionTimeline) => Streams.Exception(id),
        nameof(SafeguardTimeline) => Streams.Safeguard(id),
        nameof(SuspensionTimeline) => Streams.Suspension(id),
        nameof(NegotiationTimeline) => Streams.Negotiation(id),
        nameof(OrganizationTimeline) => Streams.Organization(id),
        nameof(PersonTimeline) => Streams.Person(id),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a timeline"),
    };

    /// <summary>
    /// The two statements that read the whole history of every stream judging these events reads, from the fact
    /// rows (<see cref="Storage.InstrumentFacts"/>, <see cref="Storage.SubjectFacts"/>), in ledger order: add them
    /// to a batch and fold their results with <see cref="ReadAsync"/>.
    /// </summary>
    public static NpgsqlBatchCommand[] LoadCommands(string schema, IEnumerable<ILedgerEvent> events)
    {
        var wanted = events.SelectMany(DocumentsFor).Distinct().ToList();
        var persons = wanted.Where(w => w.Type == typeof(PersonTimeline)).Select(w => w.Id).ToArray();
        var organizations = wanted.Where(w => w.Type == typeof(OrganizationTimeline)).Select(w => w.Id).ToArray();
        var instruments = wanted.Where(w => w.Type != typeof(PersonTimeline) && w.Type != typeof(OrganizationTimeline)).Select(w => StreamOf(w.Type, w.Id)).ToArray();
        return
        [
            new NpgsqlBatchCommand(Storage.InstrumentFacts.SelectStreams(schema)) { Parameters = { new("streams", instruments) } },
            new NpgsqlBatchCommand(Storage.SubjectFacts.SelectStreams(schema)) { Parameters = { new("persons", persons), new("orgs", organizations) } },
        ];
    }

    /// <summary>
    /// Folds every row of the reader's two result sets: facts of instruments (<see cref="Storage.InstrumentFacts.Read"/>),
    /// then facts of subjects (<see cref="Storage.SubjectFacts.Read"/>), each in ledger order.
    /// </summary>
    internal async Task ReadAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var (e, at) = Storage.InstrumentFacts.Read(reader);
            Apply(e, at);
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var strings = new Storage.SubjectFacts.Strings();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var (e, at, _) = Storage.SubjectFacts.Read(reader, strings);
            Apply(e, at);
        }
    }

    /// <summary>The document of type T with the id, created empty when missing.</summary>
    public T Get<T>(string id) where T : Timeline, new()
    {
        if (Find<T>(id) is { } found)
        {
            return found;
        }

        var created = new T { Id = id };
        Add(created);
        return created;
    }

    private T Change<T>(string id) where T : Timeline, new() => Get<T>(id);

    /// <summary>Folds one recorded event into the timelines it touches (a replayed position is ignored).</summary>
    public void Apply(ILedgerEvent e, EventRef at)
    {
        switch (e)
        {
            case ModelRegistered x:
                Add(Change<ModelTimeline>(x.ModelId), d => d.Registrations, x, at);
                break;
            case ProviderSuspensionStarted x:
                SetOnce(Change<SuspensionTimeline>(x.SuspensionId), d => d.Started ??= new(x, at), at);
                foreach (var model in x.Models)
                {
                    Timeline.AddIds(Change<ModelTimeline>(model).SuspensionIds, [x.SuspensionId]);
                }

                break;
            case ProviderSuspensionLifted x:
                Add(Change<SuspensionTimeline>(x.SuspensionId), d => d.Lifts, x, at);
                break;
            case BanIssued x:
                SetOnce(Change<DirectiveTimeline>(x.DirectiveId), d => d.Issued ??= new(x, at), at);
                foreach (var model in x.Models)
                {
                    Timeline.AddIds(Change<ModelTimeline>(model).DirectiveIds, [x.DirectiveId]);
                }

                break;
            case BanAmended x:
                Add(Change<DirectiveTimeline>(x.DirectiveId), d => d.Amendments, x, at);
                foreach (var model in x.AddModels)
                {
                    Timeline.AddIds(Change<ModelTimeline>(model).DirectiveIds, [x.DirectiveId]);
                }

                break;
            case BanLifted x:
                Add(Change<DirectiveTimeline>(x.DirectiveId), d => d.Lifts, x, at);
                break;
            case NegotiationOpened x:
                SetOnce(Change<NegotiationTimeline>(x.CaseId), d => d.Opened ??= new(x, at), at);
                break;
            case NegotiationClosed x:
                Add(Change<NegotiationTimeline>(x.CaseId), d => d.Closings, x, at);
                break;
            case SafeguardCertified x:
                SetOnce(Change<SafeguardTimeline>(x.CertificationId), d => d.Certified ??= new(x, at), at);
                break;
            case SafeguardWithdrawn x:
                Add(Change<SafeguardTimeline>(x.CertificationId), d => d.Withdrawals, x, at);
                break;
            case ExceptionGranted x:
                var exception = Change<ExceptionTimeline>(x.ExceptionId);
                SetOnce(exception, d => d.Granted ??= new(x, at), at);
                Timeline.AddIds(exception.RequiredSafeguardIds, x.RequiresSafeguards);
                foreach (var model in x.Models)
                {
                    Timeline.AddIds(Change<ModelTimeline>(model).ExceptionIds, [x.ExceptionId]);
                }

                break;
            case ExceptionAmended x:
                Add(Change<ExceptionTimeline>(x.ExceptionId), d => d.Amendments, x, at);
                break;
            case ExceptionRevoked x:
                Add(Change<ExceptionTimeline>(x.ExceptionId), d => d.Revocations, x, at);
                break;
            case OrganizationRegistered x:
                SetOnce(Change<OrganizationTimeline>(x.OrgId), d => d.Registered ??= new(x, at), at);
                break;
            case PartnerProvisioned x:
                Add(Change<OrganizationTimeline>(x.OrgId), d => d.Provisionings, x, at);
                break;
            case PartnerDeprovisioned x:
                Add(Change<OrganizationTimeline>(x.OrgId), d => d.Deprovisionings, x, at);
                break;
            case PersonEnrolled x:
                var person = Change<PersonTimeline>(x.PersonId);
                if (person.Add(person.Enrolments, new(x, at)))
                {
                    Timeline.AddIds(person.OrgIds, [x.OrgId]);
                }

                break;
            case PersonRelocated x:
                Add(Change<PersonTimeline>(x.PersonId), d => d.Relocations, x, at);
                break;
            case PersonOffboarded x:
                Add(Change<PersonTimeline>(x.PersonId), d => d.Offboardings, x, at);
                break;
        }
    }

    private static void Add<TDocument, TEvent>(TDocument document, Func<TDocument, List<Recorded<TEvent>>> facts, TEvent e, EventRef at)
        where TDocument : Timeline => document.Add(facts(document), new Recorded<TEvent>(e, at));

    // The opening fact of a stream is set once; a replay of the same position leaves it as it is.
    private static void SetOnce<T>(T document, Action<T> set, EventRef at) where T : Timeline
    {
        if (at.Position <= document.LastPosition)
        {
            return;
        }

        set(document);
        document.LastPosition = at.Position;
        document.Version = Math.Max(document.Version, at.Version);
    }
}

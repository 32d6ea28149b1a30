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

    /// <summary>The timelines that judging or applying the event reads, by type (its kind's <see cref="EventKind.Reads"/>).</summary>
    public static IEnumerable<(Type Type, string Id)> DocumentsFor(ILedgerEvent e) => EventCatalog.KindOf(e).Reads(e);

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
        var instruments = wanted.Where(w => w.Type != typeof(PersonTimeline) && w.Type != typeof(OrganizationTimeline)).Select(w => TimelineKind.Of(w.Type).Stream(w.Id)).ToArray();
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

    /// <summary>The timeline of the kind with the id, created empty when missing.</summary>
    public Timeline Get(TimelineKind kind, string id)
    {
        if (Find(kind.Type, id) is { } found)
        {
            return found;
        }

        var created = kind.Create(id);
        Add(created);
        return created;
    }

    /// <summary>Folds one recorded event into the timelines it touches (<see cref="Fold"/>; a replayed position is ignored).</summary>
    public void Apply(ILedgerEvent e, EventRef at)
    {
        at = EventRef.Noticed(e, at);
        foreach (var fold in Fold.For(e.GetType()))
        {
            fold.Apply(this, e, at);
        }
    }
}

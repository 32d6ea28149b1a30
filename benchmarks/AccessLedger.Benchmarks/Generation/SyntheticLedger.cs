using AccessLedger.Events;
using AccessLedger.Timelines;
using AccessLedger.Wire;

namespace AccessLedger.Benchmarks.Generation;

/// <summary>A generated ledger: its commands in recording order and the ids questions can be asked about.</summary>
internal sealed record SyntheticLedger(LedgerShape Shape, IReadOnlyList<LedgerCommand> Commands, IReadOnlyList<string> Models, IReadOnlyList<string> Persons, IReadOnlyList<string> Organizations)
{
    /// <summary>The command's stated recordedAt (every generated command states one).</summary>
    public DateTimeOffset RecordedAt(int index) => Commands[index].RecordedAt!.Value;

    /// <summary>
    /// The references the ledger would give the events (stream, version, position, both clocks), for folding
    /// them in memory without a database.
    /// </summary>
    public IEnumerable<(ILedgerEvent Event, EventRef Ref)> WithRefs()
    {
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < Commands.Count; i++)
        {
            var e = Commands[i].Event;
            var stream = EventCatalog.StreamOf(e);
            var version = versions[stream] = versions.GetValueOrDefault(stream) + 1;
            yield return (e, new EventRef(stream, version, EventCatalog.WireNameOf(e), RecordedAt(i), e.ValidFrom, i + 1));
        }
    }

    /// <summary>Every event folded into one working set, as the projection would keep it.</summary>
    public TimelineSet Fold()
    {
        var set = new TimelineSet();
        foreach (var (e, at) in WithRefs())
        {
            set.Apply(e, at);
        }

        return set;
    }
}

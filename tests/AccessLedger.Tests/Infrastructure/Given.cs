using AccessLedger.Events;
using AccessLedger.Rules;
using AccessLedger.Timelines;

namespace AccessLedger.Tests.Infrastructure;

/// <summary>
/// Given(events) / When(event) / Then(error or state), without a database: events are judged by the same rules and
/// folded by the same timelines as in the ledger, one hour of recording apart.
/// </summary>
public sealed class Given
{
    public static readonly DateTimeOffset Origin = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, long> _versions = [];
    private long _position;

    public TimelineSet State { get; } = new();

    public DateTimeOffset LastRecordedAt { get; private set; } = Origin;

    public static Given History(params ILedgerEvent[] events)
    {
        var given = new Given();
        foreach (var e in events)
        {
            given.Record(e);
        }

        return given;
    }

    /// <summary>Judges and folds one event, recorded an hour after the previous one (or at <paramref name="recordedAt"/>).</summary>
    public Given Record(ILedgerEvent e, DateTimeOffset? recordedAt = null)
    {
        var checkedEvent = FieldRules.Check(e);
        WriteRules.Check(checkedEvent, State);
        LastRecordedAt = recordedAt ?? LastRecordedAt.AddHours(1);
        var stream = EventCatalog.StreamOf(checkedEvent);
        var version = _versions[stream] = _versions.GetValueOrDefault(stream) + 1;
        State.Apply(checkedEvent, new EventRef(stream, version, EventCatalog.WireNameOf(checkedEvent), LastRecordedAt, checkedEvent.ValidFrom, ++_position));
        return this;
    }

    /// <summary>The code of the rule <paramref name="e"/> breaks, or null when it may be recorded.</summary>
    public string? When(ILedgerEvent e)
    {
        try
        {
            WriteRules.Check(FieldRules.Check(e), State);
            return null;
        }
        catch (LedgerRuleException error)
        {
            return error.Code;
        }
    }

    public static DateTimeOffset Day(int day, int hour = 0) => Origin.AddDays(day - 1).AddHours(hour);
}

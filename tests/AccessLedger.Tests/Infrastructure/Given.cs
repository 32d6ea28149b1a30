using AccessLedger.Chain;
using AccessLedger.Events;
using AccessLedger.Rules;
using AccessLedger.Timelines;
using AccessLedger.Wire;
using AccessLedger.Writes;

namespace AccessLedger.Tests.Infrastructure;

/// <summary>
/// Given(events) / When(event) / Then(error or state), without a database: events are judged by the ledger's own
/// write judge (<see cref="WriteJudge"/>: field rules, write rules, versions, the chain) and folded by the same
/// timelines, one hour of recording apart.
/// </summary>
internal sealed class Given
{
    public static readonly DateTimeOffset Origin = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private ChainHead _head = new(0, ChainHasher.Genesis.ToArray(), DateTimeOffset.MinValue);

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
        var at = recordedAt ?? LastRecordedAt.AddHours(1);
        var judged = WriteJudge.Judge(State, _head, Earlier, WriteJudge.Prepare([new LedgerCommand(e, RecordedAt: at)]), now: at).Accepted[0];
        _head = new ChainHead(judged.Ref.Position, judged.Hash, judged.Ref.RecordedAt);
        LastRecordedAt = at;
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

    private static readonly Dictionary<string, Storage.CommandRecord> Earlier = [];

    public static DateTimeOffset Day(int day, int hour = 0) => Origin.AddDays(day - 1).AddHours(hour);
}

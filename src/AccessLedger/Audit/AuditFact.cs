using AccessLedger.Events;
using AccessLedger.Timelines;

namespace AccessLedger.Audit;

/// <summary>
/// A recorded fact as an auditor reads it: where it is stored, both clocks, how long it holds, and one sentence.
/// </summary>
/// <param name="Event">Stream, version, wire type, recordedAt, validFrom and position.</param>
/// <param name="ValidTo">When the fact stops holding by itself (a ban, exception or safeguard with an end), else null.</param>
/// <param name="Summary">What the fact says, in one sentence.</param>
public sealed record AuditFact(EventRef Event, DateTimeOffset? ValidTo, string Summary)
{
    /// <summary>Where the fact came from (a ban's, an exception's or a country group's source: citation, publication), when the event says.</summary>
    public Source? Source { get; init; }

    /// <summary>How long after taking effect the ledger recorded it (zero or negative when recorded on time or ahead).</summary>
    public TimeSpan Lag => Event.RecordedAt - Event.ValidFrom;

    /// <summary>Recorded after it took effect: answers about the time in between changed when it was recorded.</summary>
    public bool RecordedLate => Lag > TimeSpan.Zero;
}

/// <summary>Reads the facts out of timelines.</summary>
internal static class AuditFacts
{
    /// <summary>Every fact the timeline holds, in ledger order.</summary>
    public static IEnumerable<AuditFact> Of(Timeline timeline) =>
        timeline.Facts().Select(f => new AuditFact(f.Ref, EventCatalog.ValidToOf(f.Event), Describe(f.Event)) { Source = (f.Event as ISourced)?.Source })
            .OrderBy(f => f.Event.Position);

    /// <summary>The facts of several timelines, each once, in ledger order.</summary>
    public static IReadOnlyList<AuditFact> Of(IEnumerable<Timeline> timelines) =>
        timelines.SelectMany(Of).DistinctBy(f => f.Event.Position).OrderBy(f => f.Event.Position).ToList();

    /// <summary>The instants at which an answer built on these facts can change: validFrom, validTo, recordedAt and noticeAt.</summary>
    public static IEnumerable<DateTimeOffset> Instants(IEnumerable<AuditFact> facts) =>
        facts.SelectMany(f => f.ValidTo is { } to
            ? [f.Event.ValidFrom, to, f.Event.RecordedAt, f.Event.NoticeAt]
            : new[] { f.Event.ValidFrom, f.Event.RecordedAt, f.Event.NoticeAt });

    /// <summary>One sentence for a fact (its kind's <c>Text</c>).</summary>
    public static string Describe(ILedgerEvent e) => EventCatalog.KindOf(e).Describe(e);
}

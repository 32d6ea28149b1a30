using System.Globalization;
using AccessLedger.Cli.Output;
using AccessLedger.Writes;
using Spectre.Console;

namespace AccessLedger.Samples.Mythos2026;

/// <summary>
/// The episode in valid time, each fact with both clocks. A restriction the ledger learned of an hour or more after it
/// took effect is flagged: until it was recorded, the ledger answered as if it did not exist.
/// </summary>
internal static class Timeline
{
    /// <summary>Facts that take access away; recorded late, they mean access was allowed that, we now know, was not.</summary>
    private static readonly HashSet<string> Restrictions =
        ["ban_issued", "ban_amended", "provider_suspension_started", "partner_deprovisioned", "safeguard_withdrawn", "exception_revoked", "person_offboarded"];

    private static readonly TimeSpan Late = TimeSpan.FromHours(1);

    public static async Task WriteAsync(IAnsiConsole console, Ledger ledger, IReadOnlyList<Question> questions)
    {
        var events = new List<RecordedEvent>();
        await foreach (var e in ledger.ReadEventsAsync())
        {
            events.Add(e);
        }

        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("#", c => c.RightAligned())
            .AddColumn("valid from (UTC)")
            .AddColumn("recorded at (UTC)")
            .AddColumn("late by", c => c.RightAligned())
            .AddColumn("event")
            .AddColumn("what");
        var flagged = events.Where(IsLateRestriction).ToList();
        foreach (var e in events.OrderBy(e => e.ValidFrom).ThenBy(e => e.Position))
        {
            var late = flagged.Contains(e);
            var style = late ? new Style(Color.Yellow, decoration: Decoration.Bold) : Style.Plain;
            table.AddRow(
                new Text(e.Position.ToString(CultureInfo.InvariantCulture), style),
                new Text(Format(e.ValidFrom), style),
                new Text(Format(e.RecordedAt), style),
                new Text((late ? "⚠ " : "") + Lag(e.RecordedAt - e.ValidFrom), style),
                new Text(e.Type, style),
                new Text(EventText.Describe(e.Data), style));
        }

        console.Write(table);
        foreach (var e in flagged)
        {
            var window = questions.Where(q => q.KnownAt is { } k && k >= e.ValidFrom && k < e.RecordedAt && q.At >= e.ValidFrom).Select(q => $"q{q.Q}").ToList();
            var asked = window.Count == 0 ? "" : $" Asked as known inside that window: {string.Join(", ", window)}.";
            console.MarkupLineInterpolated(
                $"[yellow]⚠ {e.Type} ({e.Stream} v{e.Version}) took effect {Format(e.ValidFrom)} but was recorded {Format(e.RecordedAt)}:[/] for {Lag(e.RecordedAt - e.ValidFrom)} the ledger could not know it.{asked}");
        }
    }

    private static bool IsLateRestriction(RecordedEvent e) => Restrictions.Contains(e.Type) && e.RecordedAt - e.ValidFrom >= Late;

    internal static string Format(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Lag(TimeSpan lag) => lag switch
    {
        { TotalMinutes: < 1 } => "",
        { TotalHours: < 1 } => $"{lag.Minutes}m",
        { TotalDays: < 1 } => $"{lag.Hours}h {lag.Minutes:00}m",
        _ => $"{(int)lag.TotalDays}d {lag.Hours}h",
    };
}

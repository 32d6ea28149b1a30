using System.Globalization;
using System.Net;
using AccessLedger.Wire;

namespace AccessLedger.Audit;

/// <summary>How the report writes text: escaped, culture-free, instants in the contract's form, durations as an auditor reads them.</summary>
internal static class ReportText
{
    public static string E(string text) => WebUtility.HtmlEncode(text);

    public static string Inv(FormattableString text) => FormattableString.Invariant(text);

    public static string Stamp(DateTimeOffset t) => LedgerJson.Format(t);

    public static string Count(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary><paramref name="n"/> and the noun, plural unless one: <c>1 subject</c>, <c>20,000 subjects</c>.</summary>
    public static string Count(int n, string noun) => Count(n, noun, noun.EndsWith("ch", StringComparison.Ordinal) ? noun + "es" : noun + "s");

    /// <summary><paramref name="n"/> and the noun in the singular or the plural given.</summary>
    public static string Count(int n, string singular, string plural) => $"{Count(n)} {(n == 1 ? singular : plural)}";

    /// <summary>Text cut to <paramref name="max"/> characters with an ellipsis (the whole of it goes in a title).</summary>
    public static string Clip(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    /// <summary>A duration as an auditor reads it: <c>1h09m</c>, <c>2d 03h00m</c>, <c>on time</c>.</summary>
    public static string Span(TimeSpan span) => span <= TimeSpan.Zero ? "on time" : span switch
    {
        { TotalDays: >= 1 } => Inv($"{(int)span.TotalDays}d {span.Hours:00}h{span.Minutes:00}m"),
        { TotalHours: >= 1 } => Inv($"{(int)span.TotalHours}h{span.Minutes:00}m"),
        { TotalMinutes: >= 1 } => Inv($"{(int)span.TotalMinutes}m{(span.Seconds > 0 ? $"{span.Seconds:00}s" : "")}"),
        _ => Inv($"{span.TotalSeconds:0.###}s"),
    };
}

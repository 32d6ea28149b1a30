using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AccessLedger.Benchmarks.Scaling;

/// <summary>Writes a run's results: a Markdown table with the target ratios, the JSON, and the latency plot.</summary>
internal static class Report
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static void Write(string directory, string stem, string machine, IReadOnlyList<SizeResult> results)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, $"{stem}.json"), JsonSerializer.Serialize(new { machine, results }, Json));
        File.WriteAllText(Path.Combine(directory, $"{stem}.md"), Markdown(stem, machine, results));
        LatencyPlot.Save(Path.Combine(directory, $"{stem}.png"), results);
    }

    public static string Markdown(string stem, string machine, IReadOnlyList<SizeResult> results)
    {
        var md = new StringBuilder();
        md.AppendLine(Invariant($"# AccessLedger scaling run {stem}")).AppendLine();
        md.AppendLine(machine).AppendLine();
        md.AppendLine("## Reads (milliseconds)").AppendLine();
        md.AppendLine("| events | decide K=now p50 / p99 | decide past (T,K) p50 / p99 | decide all p99 | naive replay K=now p50 / max (n) | naive replay past p50 / max (n) | indexed read p50 / p99 | state read by a decision | allowed |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            md.AppendLine(Invariant(
                $"| {r.Events:N0} | {r.DecideNow.P50:0.00} / {r.DecideNow.P99:0.00} | {r.DecidePast.P50:0.00} / {r.DecidePast.P99:0.00} | {r.DecideAll.P99:0.00} | {r.ReplayNow.P50:N0} / {r.ReplayNow.P99:N0} ({r.ReplayNow.Samples}) | {r.ReplayPast.P50:N0} / {r.ReplayPast.P99:N0} ({r.ReplayPast.Samples}) | {r.IndexedRead.P50:0.00} / {r.IndexedRead.P99:0.00} | {r.DecisionStateBytes / 1024:N1} KiB | {r.AllowedShare:P0} |"));
        }

        md.AppendLine().AppendLine("## Writes").AppendLine();
        md.AppendLine("| events | import (RecordBatchAsync) ev/s | raw Marten quick append ev/s | binary COPY rows/s | one write p50 / p99 ms | one raw append p50 / p99 ms | rebuild ev/s | who: persons answered, median ms |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            md.AppendLine(Invariant(
                $"| {r.Events:N0} | {r.ImportEventsPerSecond:N0} | {r.RawMartenEventsPerSecond:N0} | {r.CopyRowsPerSecond:N0} | {r.WriteOne.P50:0.00} / {r.WriteOne.P99:0.00} | {r.RawAppendOne.P50:0.00} / {r.RawAppendOne.P99:0.00} | {r.RebuildEventsPerSecond:N0} | {r.WhoPersons:N0}, {r.WhoMilliseconds:N0} |"));
        }

        md.AppendLine().AppendLine("## Targets").AppendLine();
        md.AppendLine("| target | measured | met |").AppendLine("|---|---:|:---:|");
        foreach (var (target, ratio, met) in Targets(results))
        {
            md.AppendLine(Invariant($"| {target} | {ratio} | {(met is null ? "n/a" : met.Value ? "yes" : "**no**")} |"));
        }

        md.AppendLine().AppendLine("## Checks").AppendLine();
        foreach (var r in results)
        {
            md.AppendLine(Invariant($"- {r.Shape}. Replayed answers that differ from the ledger's: {r.ReplayMismatches}; answers that differ after the rebuild: {r.RebuildMismatches}. Who: {r.WhoMethod}. Load average when done: {r.LoadAverage}."));
        }

        var last = results[^1];
        md.AppendLine().AppendLine(Invariant($"## The decision query at {last.Events:N0} events (EXPLAIN ANALYZE, BUFFERS)")).AppendLine();
        md.AppendLine("```").AppendLine(last.DecisionQueryPlan).AppendLine("```");
        return md.ToString();
    }

    /// <summary>The issue's targets, as ratios measured in this run: (target, measured, met or null when not measurable).</summary>
    public static IEnumerable<(string Target, string Measured, bool? Met)> Targets(IReadOnlyList<SizeResult> results)
    {
        var smallest = results[0];
        var largest = results[^1];
        var p99Growth = largest.DecideAll.P99 / smallest.DecideAll.P99;
        yield return (Invariant($"decision p99 at {largest.Events:N0} ≤ 1.5 × at {smallest.Events:N0}"), Invariant($"{p99Growth:0.00} ×"), results.Count > 1 ? p99Growth <= 1.5 : null);
        var overRead = largest.DecideAll.P99 / largest.IndexedRead.P99;
        yield return (Invariant($"decision p99 ≤ 4 × indexed read p99 (at {largest.Events:N0})"), Invariant($"{overRead:0.00} ×"), overRead <= 4);
        var replay = largest.ReplayNow.P50 / largest.DecideNow.P50;
        yield return (Invariant($"naive replay / decision, p50 at K = now (at {largest.Events:N0}): the design must beat replay"), Invariant($"{replay:N0} ×"), replay > 1);
        var import = largest.ImportEventsPerSecond / largest.RawMartenEventsPerSecond;
        yield return (Invariant($"bulk import ≥ 50 % of raw Marten quick append (at {largest.Events:N0})"), Invariant($"{import:P0}"), import >= 0.5);
        var write = largest.WriteOne.P50 / largest.RawAppendOne.P50;
        yield return (Invariant($"one write p50 ≤ 2 × one raw Marten append (at {largest.Events:N0})"), Invariant($"{write:0.00} ×"), write <= 2);
        var rebuild = largest.RebuildEventsPerSecond / largest.CopyRowsPerSecond;
        yield return (Invariant($"rebuild ≥ 20 % of the COPY rate (at {largest.Events:N0})"), Invariant($"{rebuild:P1}"), rebuild >= 0.2);
        // The bound is for 10^4 persons: the answer over every person of the ledger, scaled to 10^4 of them.
        var whoResult = results.LastOrDefault(r => r.WhoPersons >= 10_000) ?? largest;
        var who = whoResult.WhoMilliseconds * 10_000 / Math.Max(1, whoResult.WhoPersons) / whoResult.DecideNow.P50;
        yield return (
            Invariant($"who per 10,000 persons ({whoResult.WhoPersons:N0} answered at {whoResult.Events:N0}{(whoResult.WhoPersons < 10_000 ? ", fewer than the 10,000 asked" : "")}) ≤ 100 × one decision p50 — {whoResult.WhoMethod}"),
            Invariant($"{who:N0} ×"),
            who <= 100);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

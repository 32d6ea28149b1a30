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
        md.AppendLine("| events | decide K=now p50 / p99 | decide past (T,K) p50 / p99 | decide all p99 | naive replay K=now p50 / max (n) | naive replay past p50 / max (n) | indexed read p50 / p99 | bytes read by a decision: mean (max), rows; from the socket | allowed |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            md.AppendLine(Invariant(
                $"| {r.Events:N0} | {r.DecideNow.P50:0.00} / {r.DecideNow.P99:0.00} | {r.DecidePast.P50:0.00} / {r.DecidePast.P99:0.00} | {r.DecideAll.P99:0.00} | {r.ReplayNow.P50:N0} / {r.ReplayNow.P99:N0} ({r.ReplayNow.Samples}) | {r.ReplayPast.P50:N0} / {r.ReplayPast.P99:N0} ({r.ReplayPast.Samples}) | {r.IndexedRead.P50:0.00} / {r.IndexedRead.P99:0.00}{(r.IndexedReadIsIndexScan ? "" : " (**not an index scan**)")} | {r.DecisionBytes / 1024:N1} KiB ({r.DecisionBytesMax / 1024:N1}), {r.DecisionRows:N1} rows; {Kib(r.DecisionWireBytes)} | {r.AllowedShare:P0} |"));
        }

        md.AppendLine().AppendLine("## Writes").AppendLine();
        md.AppendLine("| events | import (RecordBatchAsync) ev/s | raw Marten quick append ev/s | binary COPY rows/s | one write p50 / p99 ms | one raw append p50 / p99 ms | rebuild ev/s (fact rows) | who: persons answered, median ms |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            md.AppendLine(Invariant(
                $"| {r.Events:N0} | {r.ImportEventsPerSecond:N0} | {r.RawMartenEventsPerSecond:N0} | {r.CopyRowsPerSecond:N0} | {r.WriteOne.P50:0.00} / {r.WriteOne.P99:0.00} | {r.RawAppendOne.P50:0.00} / {r.RawAppendOne.P99:0.00} | {r.RebuildEventsPerSecond:N0} ({r.RebuildFactRows:N0}) | {r.WhoPersons:N0}, {r.WhoMilliseconds:N0} |"));
        }

        md.AppendLine().AppendLine("## Memory of this process (MiB)").AppendLine();
        md.AppendLine("Allocated: managed bytes allocated during the phase (per run for `who`, the median's five runs). Heap peak: the managed heap's highest point above where it stood at the phase's start, after a full collection (garbage not yet collected included). Working set peak: the whole process's peak resident set during the phase (the generated ledger and the runtime included; its value at the start in parentheses). Scaling/MemoryUse.cs says how each is taken.").AppendLine();
        md.AppendLine("| events | import: allocated / heap peak / working set peak | who: allocated per run / heap peak / working set peak |");
        md.AppendLine("|---:|---:|---:|");
        foreach (var r in results)
        {
            md.AppendLine(Invariant($"| {r.Events:N0} | {Memory(r.ImportMemory)} | {Memory(r.WhoMemory)} |"));
        }

        var sizes = Sizes(results);
        md.AppendLine().AppendLine("## Targets (issue 13, every ratio from this run)").AppendLine();
        md.AppendLine("Bold: the sizes the issue judges the target at; \"—\": size not in this run.").AppendLine();
        md.AppendLine(Invariant($"| target | goal | {string.Join(" | ", sizes.Select(Power))} | met |"));
        md.AppendLine(Invariant($"|---|---|{string.Concat(sizes.Select(_ => "---:|"))}:---:|"));
        foreach (var row in Targets(results))
        {
            md.AppendLine(Invariant($"| {row.Target} | {row.Goal} | {string.Join(" | ", sizes.Select(size => row.Cell(size)))} | {row.Met} |"));
        }

        md.AppendLine().AppendLine("## Checks").AppendLine();
        foreach (var r in results)
        {
            md.AppendLine(Invariant($"- {r.Shape}. Replayed answers that differ from the ledger's: {r.ReplayMismatches}; answers that differ after the rebuild: {r.RebuildMismatches}; answers of who that differ from one decision each (50 persons, 10 organization classes): {r.WhoMismatches}. Who: {r.WhoMethod}. The indexed read is {(r.IndexedReadIsIndexScan ? "an index scan" : "**not** an index scan")}. Load average when done: {r.LoadAverage}."));
        }

        var last = results[^1];
        md.AppendLine().AppendLine(Invariant($"## The decision batch at {last.Events:N0} events (EXPLAIN ANALYZE, BUFFERS)")).AppendLine();
        md.AppendLine("```").AppendLine(last.DecisionQueryPlan).AppendLine("```");
        md.AppendLine().AppendLine(Invariant($"## The indexed read at {last.Events:N0} events (EXPLAIN ANALYZE, BUFFERS)")).AppendLine();
        md.AppendLine("```").AppendLine(last.IndexedReadPlan).AppendLine("```");
        return md.ToString();
    }

    /// <summary>One row of the targets table: a cell per size and whether the goal is met where the issue judges it.</summary>
    internal sealed record TargetRow(string Target, string Goal, IReadOnlyDictionary<int, string> Cells, IReadOnlySet<int> Judged, string Met)
    {
        /// <summary>The cell of a size: the measure, bold where judged; "—" when the size was not run.</summary>
        public string Cell(int size) => Cells.TryGetValue(size, out var cell) ? Judged.Contains(size) ? $"**{cell}**" : cell : "—";
    }

    /// <summary>The sizes of the issue (10^3 … 10^6) and any other size of the run, ascending.</summary>
    private static int[] Sizes(IReadOnlyList<SizeResult> results) => [.. IssueSizes.Union(results.Select(r => r.Events)).Order()];

    private static readonly int[] IssueSizes = [1_000, 10_000, 100_000, 1_000_000];

    /// <summary>Issue 13's "Measure" table, row for row, from this run.</summary>
    public static IReadOnlyList<TargetRow> Targets(IReadOnlyList<SizeResult> results)
    {
        var at = results.ToDictionary(r => r.Events);
        var every = at.Keys.ToHashSet();
        var rows = new List<TargetRow>();

        void Ratio(string target, string goal, IReadOnlySet<int> judged, Func<SizeResult, double?> ratio, Func<SizeResult, double, string> cell, Func<double, bool> met)
        {
            var values = results.Select(r => (r.Events, Value: ratio(r))).Where(x => x.Value is { } v && !double.IsNaN(v)).ToDictionary(x => x.Events, x => x.Value!.Value);
            var cells = values.ToDictionary(x => x.Key, x => cell(at[x.Key], x.Value));
            rows.Add(new TargetRow(target, goal, cells, judged, Verdict(judged.Where(values.ContainsKey).Select(size => met(values[size])).ToList(), judged.Where(size => !values.ContainsKey(size)).ToList())));
        }

        var baseline = at.GetValueOrDefault(1_000);
        Ratio("decision p99 at 10^6 vs at 10^3", "≤ 1.5 ×", new HashSet<int> { 1_000_000 },
            r => baseline is null ? null : r.DecideAll.P99 / baseline.DecideAll.P99,
            (r, x) => Invariant($"{x:0.00} × ({r.DecideAll.P99:0.00} ms)"), x => x <= 1.5);
        Ratio("decision p99 vs one indexed read p99, every size", "≤ 3 ×", new HashSet<int>(IssueSizes.Union(every)),
            r => r.DecideAll.P99 / r.IndexedRead.P99,
            (r, x) => Invariant($"{x:0.0} × ({r.DecideAll.P99:0.00} / {r.IndexedRead.P99:0.00} ms)"), x => x <= 3);

        // Reported, and flat within 2 x over the sizes of the run.
        var bytes = results.Where(r => !double.IsNaN(r.DecisionBytes)).ToList();
        var spread = bytes.Count > 1 ? bytes.Max(r => r.DecisionBytes) / bytes.Min(r => r.DecisionBytes) : double.NaN;
        rows.Add(new TargetRow(
            "bytes read by a decision, 10^3 .. 10^6", "reported; flat within 2 ×",
            bytes.ToDictionary(r => r.Events, r => Invariant($"{r.DecisionBytes / 1024:N1} KiB")),
            new HashSet<int>(IssueSizes),
            double.IsNaN(spread) ? "reported (one size)" : Invariant($"{(spread <= 2 ? "yes" : "**no**")}: max / min {spread:0.00} × over {string.Join(", ", bytes.Select(r => Power(r.Events)))}")));

        Ratio("bulk import vs raw Marten quick append, 10^5 and 10^6", "≥ 50 %", new HashSet<int> { 100_000, 1_000_000 },
            r => r.ImportEventsPerSecond / r.RawMartenEventsPerSecond,
            (r, x) => Invariant($"{x:P0} ({r.ImportEventsPerSecond:N0} vs {r.RawMartenEventsPerSecond:N0} ev/s)"), x => x >= 0.5);
        Ratio("one write p50 vs one raw Marten append", "≤ 1.5 ×", new HashSet<int>(IssueSizes.Union(every)),
            r => r.WriteOne.P50 / r.RawAppendOne.P50,
            (r, x) => Invariant($"{x:0.00} × ({r.WriteOne.P50:0.00} vs {r.RawAppendOne.P50:0.00} ms)"), x => x <= 1.5);
        Ratio("rebuild vs COPY rows/s, 10^6", "≥ 25 %", new HashSet<int> { 1_000_000 },
            r => r.RebuildEventsPerSecond / r.CopyRowsPerSecond,
            (r, x) => Invariant($"{x:P1} ({r.RebuildEventsPerSecond:N0} ev/s vs {r.CopyRowsPerSecond:N0} rows/s)"), x => x >= 0.25);

        // The answer covers every enrolled person of the ledger: scaled to 10^4 of them.
        Ratio("who per 10^4 persons vs one decision p50, 10^5 and 10^6", "≤ 50 ×", new HashSet<int> { 100_000, 1_000_000 },
            r => r.WhoPersons == 0 ? null : r.WhoMilliseconds * 10_000 / r.WhoPersons / r.DecideNow.P50,
            (r, x) => Invariant($"{x:N0} × ({r.WhoMilliseconds:N0} ms / {r.WhoPersons:N0} persons, {r.DecideNow.P50:0.00} ms)"), x => x <= 50);

        rows.Add(new TargetRow(
            "peak memory of import and of `who` at 10^6", "reported",
            results.ToDictionary(r => r.Events, r => Invariant($"import +{r.ImportMemory.PeakHeapBytes / Mib:N0} MiB heap, {r.ImportMemory.PeakWorkingSetBytes / Mib:N0} MiB WS; who +{r.WhoMemory.PeakHeapBytes / Mib:N0} MiB heap, {r.WhoMemory.PeakWorkingSetBytes / Mib:N0} MiB WS")),
            new HashSet<int> { 1_000_000 },
            at.ContainsKey(1_000_000) ? "reported" : "—"));
        return rows;
    }

    /// <summary>"yes" when every judged size met the goal; "**no**" when one missed; "—" when none was run.</summary>
    private static string Verdict(List<bool> met, List<int> missing) =>
        met.Count == 0 ? "—"
        : (met.All(m => m) ? "yes" : "**no**") + (missing.Count == 0 ? "" : Invariant($" ({string.Join(", ", missing.Select(Power))} not run)"));

    /// <summary>10^k for a power of ten, else the number.</summary>
    private static string Power(int events) =>
        events >= 10 && Math.Abs(Math.Pow(10, Math.Round(Math.Log10(events))) - events) < 0.5 ? Invariant($"10^{Math.Round(Math.Log10(events))}") : Invariant($"{events:N0}");

    private static string Memory(MemoryUse m) =>
        Invariant($"{m.AllocatedBytes / Mib:N0} / +{m.PeakHeapBytes / Mib:N0} / {m.PeakWorkingSetBytes / Mib:N0} ({m.StartWorkingSetBytes / Mib:N0})");

    private static string Kib(double bytes) => double.IsNaN(bytes) ? "n/a" : Invariant($"{bytes / 1024:N1} KiB");

    private const double Mib = 1024 * 1024;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;
using ScottPlot;

namespace AccessLedger.Benchmarks.Scaling;

/// <summary>Decision latency (p50, p99), naive replay and one indexed read against ledger size, both axes log.</summary>
internal static class LatencyPlot
{
    public static void Save(string path, IReadOnlyList<SizeResult> results)
    {
        var plot = new Plot();
        var xs = results.Select(r => Math.Log10(r.Events)).ToArray();
        Series(plot, xs, results.Select(r => r.DecideAll.P50), "decision p50");
        Series(plot, xs, results.Select(r => r.DecideAll.P99), "decision p99");
        Series(plot, xs, results.Select(r => (r.ReplayNow.P50 + r.ReplayPast.P50) / 2), "naive replay p50");
        Series(plot, xs, results.Select(r => r.IndexedRead.P50), "indexed read p50");

        var xTicks = new ScottPlot.TickGenerators.NumericManual();
        for (var e = (int)Math.Floor(xs.Min()); e <= (int)Math.Ceiling(xs.Max()); e++)
        {
            xTicks.AddMajor(e, string.Create(CultureInfo.InvariantCulture, $"10^{e}"));
        }

        var yTicks = new ScottPlot.TickGenerators.NumericManual();
        for (var e = -2; e <= 6; e++)
        {
            yTicks.AddMajor(e, Math.Pow(10, e).ToString("0.##", CultureInfo.InvariantCulture) + " ms");
        }

        plot.Axes.Bottom.TickGenerator = xTicks;
        plot.Axes.Left.TickGenerator = yTicks;
        plot.Axes.SetLimitsX(xs.Min() - 0.3, xs.Max() + 0.3);
        plot.Title("AccessLedger: decision latency against ledger size");
        plot.XLabel("events in the ledger (log)");
        plot.YLabel("latency (log)");
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SavePng(path, 900, 560);
    }

    private static void Series(Plot plot, double[] xs, IEnumerable<double> milliseconds, string label)
    {
        var scatter = plot.Add.Scatter(xs, milliseconds.Select(Math.Log10).ToArray());
        scatter.LegendText = label;
        scatter.MarkerSize = 8;
    }
}

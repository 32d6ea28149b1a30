using System.Diagnostics;

namespace AccessLedger.Benchmarks.Scaling;

/// <summary>A latency distribution in milliseconds. With few samples, p99 is the slowest one.</summary>
internal sealed record Latency(int Samples, double P50, double P99, double Mean)
{
    public static Latency Of(IReadOnlyCollection<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        return sorted.Length == 0
            ? new Latency(0, double.NaN, double.NaN, double.NaN)
            : new Latency(sorted.Length, Percentile(sorted, 0.50), Percentile(sorted, 0.99), sorted.Average());
    }

    // Nearest rank.
    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>The distribution of the calls of <paramref name="action"/> over <paramref name="items"/> after <paramref name="warmup"/> untimed calls.</summary>
    public static async Task<Latency> MeasureAsync<T>(IReadOnlyList<T> items, int warmup, Func<T, Task> action) =>
        Of(await TimeEachAsync(items, warmup, action).ConfigureAwait(false));

    /// <summary>The milliseconds of each call of <paramref name="action"/> over <paramref name="items"/>, after <paramref name="warmup"/> untimed calls.</summary>
    public static async Task<double[]> TimeEachAsync<T>(IReadOnlyList<T> items, int warmup, Func<T, Task> action)
    {
        for (var i = 0; i < Math.Min(warmup, items.Count); i++)
        {
            await action(items[i]).ConfigureAwait(false);
        }

        var times = new List<double>(items.Count);
        foreach (var item in items)
        {
            var started = Stopwatch.GetTimestamp();
            await action(item).ConfigureAwait(false);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return [.. times];
    }

    public override string ToString() => $"p50 {P50:0.###} ms, p99 {P99:0.###} ms (n={Samples})";
}

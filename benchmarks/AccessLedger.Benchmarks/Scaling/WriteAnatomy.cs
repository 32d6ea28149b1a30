using System.Collections.Concurrent;
using System.Diagnostics;
using AccessLedger.Benchmarks.Generation;
using AccessLedger.Events;
using AccessLedger.Wire;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace AccessLedger.Benchmarks.Scaling;

/// <summary>
/// Where a write's time goes: every round trip to PostgreSQL is caught from Npgsql's tracing and summed by the
/// start of its statement; what is left of the wall time is spent in the process (rules, folding, hashing, JSON).
/// </summary>
internal static class WriteAnatomy
{
    public static async Task RunAsync(string connectionString, Action<string> log, CancellationToken cancellationToken)
    {
        var data = LedgerGenerator.Generate(15_000, seed: 7);
        await using (var admin = NpgsqlDataSource.Create(connectionString))
        await using (var drop = admin.CreateCommand("drop schema if exists bench_anatomy cascade"))
        {
            await drop.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var ledger = Ledger.Create(connectionString, "bench_anatomy", new FakeTimeProvider(LedgerGenerator.Clock));
        await ledger.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        for (var offset = 0; offset < 10_000; offset += 5_000)
        {
            await ledger.RecordBatchAsync(data.Commands.Skip(offset).Take(5_000).ToList(), null, cancellationToken).ConfigureAwait(false);
        }

        var last = data.Commands.Skip(10_000).ToList();
        await ObserveAsync($"one batch of {last.Count:N0} events on a ledger of 10,000", 1, warmUp: false, log, () => ledger.RecordBatchAsync(last, null, cancellationToken)).ConfigureAwait(false);
        var person = data.Persons[0];
        var i = 0;
        await ObserveAsync("one write (RecordAsync), mean of 50", 50, warmUp: true, log, () => ledger.RecordAsync(
            new LedgerCommand(new PersonRelocated(person, "DE", LedgerGenerator.Clock.AddMinutes(-++i)), $"anatomy-{i}"), cancellationToken)).ConfigureAwait(false);
    }

    // A batch is not warmed up by writing it first: the second time, every command would be a repeat.
    private static async Task ObserveAsync(string what, int repeat, bool warmUp, Action<string> log, Func<Task> write)
    {
        if (warmUp)
        {
            await write().ConfigureAwait(false);
        }

        var trips = new ConcurrentBag<(string Statement, double Milliseconds)>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("Npgsql", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                var text = activity.Tags.FirstOrDefault(t => t.Key is "db.query.text" or "db.statement").Value ?? activity.DisplayName;
                trips.Add((Shorten(text), activity.Duration.TotalMilliseconds));
            },
        };
        ActivitySource.AddActivityListener(listener);
        var started = Stopwatch.GetTimestamp();
        for (var n = 0; n < repeat; n++)
        {
            await write().ConfigureAwait(false);
        }

        var wall = Stopwatch.GetElapsedTime(started).TotalMilliseconds / repeat;
        var database = trips.Sum(t => t.Milliseconds) / repeat;
        log($"{what}: {wall:N1} ms wall, {database:N1} ms in {trips.Count / (double)repeat:N1} round trips, {wall - database:N1} ms in the process");
        foreach (var group in trips.GroupBy(t => t.Statement).OrderByDescending(g => g.Sum(t => t.Milliseconds)))
        {
            log($"    {group.Sum(t => t.Milliseconds) / repeat,9:N1} ms  x{group.Count() / (double)repeat,5:N1}  {group.Key}");
        }
    }

    private static string Shorten(string text)
    {
        var line = string.Join(' ', text.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= 110 ? line : line[..110] + "…";
    }
}

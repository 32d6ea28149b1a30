using System.Diagnostics;
using System.Globalization;
using System.Text;
using AccessLedger.Benchmarks.Generation;
using AccessLedger.Benchmarks.Scaling;
using AccessLedger.Cache;
using AccessLedger.Decisions;
using AccessLedger.Events;
using AccessLedger.Feed;
using AccessLedger.LocalPostgres;
using AccessLedger.Storage;
using AccessLedger.Wire;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace AccessLedger.Benchmarks.Edge;

/// <summary>
/// Decisions at the edge and on replicas (issue 16), on a throwaway primary and its streaming hot standby: decisions
/// per second and p50/p99 with 1, 2, 4 and 8 concurrent callers on the primary, the standby and the cache; the cached
/// decision against <c>Decider.Decide</c> alone; the cache while writes arrive; the time from a write to the flip
/// reaching a watcher, and to the standby replaying it.
/// </summary>
internal static class EdgeHarness
{
    private static readonly int[] Callers = [1, 2, 4, 8];

    public static async Task<int> RunAsync(string[] args, Action<string> log, CancellationToken cancellationToken)
    {
        var events = 10_000;
        var seconds = 3.0;
        var output = Path.Combine("benchmarks", "results");
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--events":
                    events = (int)double.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--seconds":
                    seconds = double.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--out":
                    output = args[++i];
                    break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}; use edge [--events 10000] [--seconds 3] [--out DIR]");
                    return 2;
            }
        }

        var (primary, standby) = await PostgresServer.StartPrimaryAndStandbyAsync(log, cancellationToken).ConfigureAwait(false);
        await using var __ = primary;
        await using var _ = standby;
        await using var replica = NpgsqlDataSource.Create(standby.ConnectionString);
        var report = new StringBuilder();
        void Line(string text)
        {
            log(text);
            report.Append(text).Append('\n');
        }

        Line($"# Decisions at the edge and on replicas ({TimeProvider.System.GetUtcNow():yyyy-MM-dd})");
        Line("");
        Line($"`dotnet run -c Release --project benchmarks/AccessLedger.Benchmarks -- edge --events {events} --seconds {seconds}`: " +
            $"{Environment.ProcessorCount} cores, primary and streaming hot standby on loopback (eng/LocalPostgres), a synthetic ledger of {events:N0} events, " +
            $"{seconds} s per cell after a warm-up, 500 random (model, person) pairs at T = now.");
        Line("");

        // The synthetic ledger, on the primary; one ledger reads the primary, one the standby.
        var data = LedgerGenerator.Generate(events);
        var clock = new FakeTimeProvider(LedgerGenerator.Clock);
        await using var store = LedgerSchema.CreateStore(primary.ConnectionString, "bench_edge");
        var onPrimary = new Ledger(store, new LedgerOptions { Time = clock });
        var onStandby = new Ledger(store, new LedgerOptions { Time = clock, ReadReplica = replica });
        await onPrimary.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        foreach (var batch in data.Commands.Chunk(5_000))
        {
            await onPrimary.RecordBatchAsync(batch, null, cancellationToken).ConfigureAwait(false);
        }

        await using (var analyze = NpgsqlDataSource.Create(primary.ConnectionString).CreateCommand("analyze"))
        {
            await analyze.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var head = await onPrimary.GetHeadAsync(cancellationToken).ConfigureAwait(false);
        await ReplayedAsync(onStandby, head.Position, cancellationToken).ConfigureAwait(false);
        var random = new Random(16);
        var pairs = Enumerable.Range(0, 500).Select(_ => (Model: data.Models[random.Next(data.Models.Count)], Person: data.Persons[random.Next(data.Persons.Count)])).ToArray();
        await using var cache = await DecisionCache.StartAsync(onPrimary, cancellationToken).ConfigureAwait(false);

        var targets = new (string Name, Func<(string Model, string Person), Task> Decide)[]
        {
            ("primary", p => onPrimary.DecideAsync(p.Model, Subject.Person(p.Person), clock.GetUtcNow(), null, cancellationToken)),
            ("standby", p => onStandby.DecideAsync(p.Model, Subject.Person(p.Person), clock.GetUtcNow(), null, cancellationToken)),
            ("cache", p => cache.DecideAsync(p.Model, Subject.Person(p.Person), cancellationToken).AsTask()),
        };
        Line("| target | callers | decisions/s | p50 µs | p99 µs |");
        Line("|---|---:|---:|---:|---:|");
        var rates = new Dictionary<(string, int), double>();
        var cachedP50 = double.NaN;
        foreach (var (name, decide) in targets)
        {
            // Every pair once (the cache's misses), then tiered JIT with PGO, which reaches its final code only after thousands of calls.
            foreach (var pair in pairs)
            {
                await decide(pair).ConfigureAwait(false);
            }

            await RunAsync(pairs, 2, Math.Min(seconds, 2), decide, cancellationToken).ConfigureAwait(false);
            foreach (var callers in Callers)
            {
                var (rate, latency) = await RunAsync(pairs, callers, seconds, decide, cancellationToken).ConfigureAwait(false);
                rates[(name, callers)] = rate;
                cachedP50 = name == "cache" && callers == 1 ? latency.P50 : cachedP50;
                Line(string.Create(CultureInfo.InvariantCulture, $"| {name} | {callers} | {rate:N0} | {latency.P50 * 1000:N1} | {latency.P99 * 1000:N1} |"));
            }
        }

        // The physical limit: the pure decider over states already in memory.
        var now = clock.GetUtcNow();
        var states = new List<(DecisionState State, string Model, Subject Subject)>();
        foreach (var (model, person) in pairs)
        {
            var (state, _, _) = await onPrimary.LoadDecisionStateAsync(onPrimary.PrimarySource, model, Subject.Person(person), now, null, horizon: false, cancellationToken).ConfigureAwait(false);
            states.Add((state, model, Subject.Person(person)));
        }

        var decideAlone = DeciderAlone(states, now, seconds);
        Line("");
        var ratios = string.Join(", ", Callers.Select(c => string.Create(CultureInfo.InvariantCulture, $"{rates[("cache", c)] / rates[("primary", c)]:N0}x at {c}")));
        Line(string.Create(CultureInfo.InvariantCulture,
            $"Cached decision p50 {cachedP50 * 1000:N1} µs (1 caller) against `Decider.Decide` alone p50 {decideAlone.P50 * 1000:N1} µs, p99 {decideAlone.P99 * 1000:N1} µs ") +
            $"(same pairs, states in memory, one thread). Cache / primary decisions per second: {ratios}.");

        // Writes that touch none of the cached pairs (new organizations): what the feed and the scopes cost while writes arrive.
        using (var writing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            var writes = 0;
            var writer = Task.Run(async () =>
            {
                while (!writing.IsCancellationRequested)
                {
                    await onPrimary.RecordAsync(new LedgerCommand(new OrganizationRegistered($"edge-org-{writes++}", "Edge", "US", true, clock.GetUtcNow()), CommandId: $"edge-org-{writes}"), CancellationToken.None).ConfigureAwait(false);
                    await Task.Delay(100, CancellationToken.None).ConfigureAwait(false);
                }
            }, CancellationToken.None);
            var (rate, latency) = await RunAsync(pairs, 4, seconds, targets[2].Decide, cancellationToken).ConfigureAwait(false);
            await writing.CancelAsync().ConfigureAwait(false);
            await writer.ConfigureAwait(false);
            Line(string.Create(CultureInfo.InvariantCulture,
                $"Cache, 4 callers, a write every 100 ms ({writes} writes of new organizations, which touch no cached pair): {rate:N0} decisions/s, p50 {latency.P50 * 1000:N1} µs, p99 {latency.P99 * 1000:N1} µs."));
        }

        await FlipsAsync(primary.ConnectionString, replica, Line, cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(output);
        var path = Path.Combine(output, $"{TimeProvider.System.GetUtcNow():yyyy-MM-dd}-edge.md");
        await File.WriteAllTextAsync(path, report.ToString(), cancellationToken).ConfigureAwait(false);
        log($"results: {path}");
        return 0;
    }

    // The June episode on the system clock; GridCo's provisioning for Mythos 5 toggled, a flip of Lena's answer each time.
    private static async Task FlipsAsync(string connectionString, NpgsqlDataSource replica, Action<string> line, CancellationToken cancellationToken)
    {
        // The throwaway clusters run with synchronous_commit=off: WAL is then flushed by the WAL writer every 200 ms, and a
        // walsender sends only flushed WAL, so the standby would lag by that. These writes commit as in production.
        await using var store = LedgerSchema.CreateStore($"{connectionString};Options=-c synchronous_commit=on", "bench_edge_june");
        var ledger = new Ledger(store, new LedgerOptions { ReadReplica = replica });
        await ledger.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await ledger.RecordBatchAsync(JuneEpisode(), null, cancellationToken).ConfigureAwait(false);
        await ReplayedAsync(ledger, 21, cancellationToken).ConfigureAwait(false);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await using var flips = ledger.WatchDecisionsAsync([("mythos-5", Subject.Person("lena"))], stop.Token).GetAsyncEnumerator(stop.Token);
        await flips.MoveNextAsync().ConfigureAwait(false);
        var now = TimeProvider.System.GetUtcNow();
        var start = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddHours(-1);
        var (toFlip, commitToFlip, toReplay) = (new List<double>(), new List<double>(), new List<double>());
        const int writes = 100;
        for (var i = 0; i < writes; i++)
        {
            ILedgerEvent toggle = i % 2 == 0
                ? new PartnerDeprovisioned("gridco", "mythos-5", "toggle", start.AddSeconds(i))
                : new PartnerProvisioned("gridco", "mythos-5", start.AddSeconds(i));
            var began = Stopwatch.GetTimestamp();
            var written = await ledger.RecordAsync(new LedgerCommand(toggle, CommandId: $"toggle-{i}"), cancellationToken).ConfigureAwait(false);
            var committed = Stopwatch.GetTimestamp();
            var replayed = Task.Run(async () =>
            {
                await ReplayedAsync(ledger, written.Position, cancellationToken, poll: TimeSpan.FromMilliseconds(0.2)).ConfigureAwait(false);
                return Stopwatch.GetElapsedTime(committed).TotalMilliseconds;
            }, cancellationToken);
            await flips.MoveNextAsync().ConfigureAwait(false);
            toFlip.Add(Stopwatch.GetElapsedTime(began).TotalMilliseconds);
            commitToFlip.Add(Stopwatch.GetElapsedTime(committed).TotalMilliseconds);
            toReplay.Add(await replayed.ConfigureAwait(false));
            if (flips.Current.Decision.Checkpoint!.Position != written.Position)
            {
                throw new InvalidOperationException($"the flip of write {written.Position} came at {flips.Current.Decision.Checkpoint}");
            }
        }

        await stop.CancelAsync().ConfigureAwait(false);
        line("");
        line($"Write → flip ({writes} writes, each flips the watched answer; the write's own time included): {Latency.Of(toFlip)}; commit → flip: {Latency.Of(commitToFlip)}.");
        line($"Standby replay lag (synchronous_commit=on; commit on the primary → the standby's chain head has it, polled every 0.2 ms): {Latency.Of(toReplay)}.");
    }

    private static async Task<(double Rate, Latency Latency)> RunAsync((string, string)[] pairs, int callers, double seconds, Func<(string, string), Task> decide, CancellationToken cancellationToken)
    {
        var until = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        var all = await Task.WhenAll(Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            var times = new List<double>(100_000);
            var i = c * 97;
            while (Stopwatch.GetTimestamp() < until)
            {
                var one = Stopwatch.GetTimestamp();
                await decide(pairs[i++ % pairs.Length]).ConfigureAwait(false);
                times.Add(Stopwatch.GetElapsedTime(one).TotalMilliseconds);
            }

            return times;
        }, cancellationToken))).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var merged = all.SelectMany(t => t).ToList();
        return (merged.Count / elapsed, Latency.Of(merged));
    }

    private static Latency DeciderAlone(List<(DecisionState State, string Model, Subject Subject)> states, DateTimeOffset now, double seconds)
    {
        var until = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var times = new List<double>();
        for (var i = 0; Stopwatch.GetTimestamp() < until; i++)
        {
            var (state, model, subject) = states[i % states.Count];
            var one = Stopwatch.GetTimestamp();
            _ = Decider.Decide(state, model, subject, now, null);
            times.Add(Stopwatch.GetElapsedTime(one).TotalMilliseconds);
        }

        return Latency.Of(times.Skip(times.Count / 3).ToList());
    }

    private static async Task ReplayedAsync(Ledger ledger, long position, CancellationToken cancellationToken, TimeSpan? poll = null)
    {
        while (await HeadOrZeroAsync() < position)
        {
            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(10), cancellationToken).ConfigureAwait(false);
        }

        // Before the standby has replayed the schema's creation, its tables are not there yet.
        async Task<long> HeadOrZeroAsync()
        {
            try
            {
                return (await ledger.ReadHeadAsync(ledger.ReadSource, cancellationToken).ConfigureAwait(false)).Position;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                return 0;
            }
        }
    }

    private static List<LedgerCommand> JuneEpisode()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "AccessLedger.sln")))
        {
            directory = directory.Parent;
        }

        var path = Path.Combine(directory?.FullName ?? ".", "samples", "Mythos2026", "mythos-2026.ndjson");
        using var reader = File.OpenText(path);
        return NdjsonReader.Read(reader).Select(l => l.Command ?? throw new InvalidOperationException(l.Error!.ToString())).ToList();
    }
}

using System.Diagnostics;
using System.Text.Json;
using AccessLedger.Benchmarks.Generation;
using AccessLedger.Decisions;
using AccessLedger.Events;
using AccessLedger.Storage;
using AccessLedger.Timelines;
using AccessLedger.Wire;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using NpgsqlTypes;
using Weasel.Core;

namespace AccessLedger.Benchmarks.Scaling;

/// <summary>
/// Measures one ledger size against PostgreSQL: import, raw append and COPY throughput; decisions against naive
/// replay and an indexed read, and what a decision reads (<see cref="DecisionReads"/>); single writes; the fact
/// rebuild; "who could access" against one decision; the memory of the import and of "who" (<see cref="MemoryUse"/>).
/// </summary>
internal sealed class ScalingHarness(string connectionString, Action<string> log)
{
    private const int BatchSize = 5_000;

    /// <summary>
    /// How "who could access" is answered: the audit query by default; <see cref="WhoQueries.OneDecisionEach"/> is the
    /// naive comparison.
    /// </summary>
    public WhoQueries.Who Who { get; init; } = WhoQueries.WhoCouldAccess;

    /// <summary>How many times "who could access" is timed (the median is reported; the first run is one of them).</summary>
    public int WhoRuns { get; init; } = 5;

    /// <summary>
    /// Runs the write and read paths once on a small throwaway ledger, so the first measured size does not pay for
    /// JIT compilation and Marten's code generation.
    /// </summary>
    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        var data = LedgerGenerator.Generate(1_000, seed: 1);
        await using var admin = NpgsqlDataSource.Create(connectionString);
        await ExecuteAsync(admin, "drop schema if exists bench_warmup cascade; drop schema if exists bench_raw_warmup cascade", cancellationToken).ConfigureAwait(false);
        await using var ledger = Ledger.Create(connectionString, "bench_warmup", new FakeTimeProvider(LedgerGenerator.Clock));
        await ledger.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await ledger.RecordBatchAsync(data.Commands, null, cancellationToken).ConfigureAwait(false);
        await using var raw = RawStore("bench_raw_warmup");
        await raw.Storage.Database.ApplyAllConfiguredChangesToDatabaseAsync(ct: cancellationToken).ConfigureAwait(false);
        await RawAppendAsync(raw, data.Commands, cancellationToken).ConfigureAwait(false);
        var random = new Random(1);
        for (var i = 0; i < 50; i++)
        {
            var q = Question.Past(random, data);
            await ledger.DecideAsync(q.Model, Subject.Person(q.Person), q.At, q.KnownAt, cancellationToken).ConfigureAwait(false);
            if (i % 2 == 0)
            {
                // Enough calls for the tiered JIT to compile the audit path fully, as in a running service.
                await Who(ledger, new WhoQueries.Question(q.Model, data.Persons, q.At, q.KnownAt), cancellationToken).ConfigureAwait(false);
            }
        }

        // The tiered JIT (with dynamic PGO) reaches its final code for the decision and write paths only after
        // thousands of calls: a decision was ~1.8 ms after 300 calls and ~0.95 ms after 10,000 on the June scenario.
        // A running service is past that point, so the harness is too: decisions and single writes (and raw appends,
        // for the same footing) for three seconds each before anything is timed.
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(3); i++)
        {
            var q = Question.Past(random, data);
            await ledger.DecideAsync(q.Model, Subject.Person(q.Person), q.At, q.KnownAt, cancellationToken).ConfigureAwait(false);
        }

        started = Stopwatch.GetTimestamp();
        for (var i = 0; Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(3); i++)
        {
            var person = data.Persons[i % data.Persons.Count];
            await ledger.RecordAsync(new LedgerCommand(new PersonRelocated(person, i % 2 == 0 ? "DE" : "FR", LedgerGenerator.Clock.AddMinutes(-i)), $"warm-{i}"), cancellationToken).ConfigureAwait(false);
        }

        started = Stopwatch.GetTimestamp();
        for (var i = 0; Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(3); i++)
        {
            var person = data.Persons[i % data.Persons.Count];
            await using var session = raw.LightweightSession();
            session.Events.Append(Streams.Person(person), new PersonRelocated(person, "DE", LedgerGenerator.Clock.AddMinutes(-i)));
            await session.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        log("warmed up");
    }

    public async Task<SizeResult> RunAsync(int events, CancellationToken cancellationToken)
    {
        var label = Label(events);
        log($"[{label}] generating");
        var ledgerData = LedgerGenerator.Generate(events);
        log($"[{label}] {ledgerData.Shape}");
        var schema = $"bench_{label}";
        var rawSchema = $"bench_raw_{label}";
        await using var admin = NpgsqlDataSource.Create(connectionString);
        await ExecuteAsync(admin, $"drop schema if exists {schema} cascade; drop schema if exists {rawSchema} cascade", cancellationToken).ConfigureAwait(false);

        var clock = new FakeTimeProvider(LedgerGenerator.Clock);
        await using var ledger = Ledger.Create(connectionString, schema, clock);
        await ledger.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var (import, importMemory) = await MemoryUse.MeasureAsync(1, () => ImportAsync(label, ledgerData.Commands, ledger.RecordBatchAsync, cancellationToken)).ConfigureAwait(false);
        log($"[{label}] import memory: {importMemory.Describe()}");

        await using var raw = RawStore(rawSchema);
        await raw.Storage.Database.ApplyAllConfiguredChangesToDatabaseAsync(ct: cancellationToken).ConfigureAwait(false);
        var rawRate = await ImportAsync($"{label} raw marten", ledgerData.Commands, (batch, _, ct) => RawAppendAsync(raw, batch, ct), cancellationToken).ConfigureAwait(false);
        var copyRate = await CopyAsync(admin, rawSchema, ledgerData, cancellationToken).ConfigureAwait(false);
        log($"[{label}] binary COPY: {copyRate:N0} rows/s");
        await ExecuteAsync(admin, "analyze", cancellationToken).ConfigureAwait(false);

        var random = new Random(events);
        var nowQueries = Enumerable.Range(0, 300).Select(_ => Question.Now(random, ledgerData)).ToList();
        var pastQueries = Enumerable.Range(0, 300).Select(_ => Question.Past(random, ledgerData)).ToList();
        var decisions = new Dictionary<Question, Decision>();
        Func<Question, Task> decide = async q => decisions[q] = await ledger.DecideAsync(q.Model, Subject.Person(q.Person), q.At, q.KnownAt, cancellationToken).ConfigureAwait(false);
        var nowTimes = await Latency.TimeEachAsync(nowQueries, 30, decide).ConfigureAwait(false);
        var pastTimes = await Latency.TimeEachAsync(pastQueries, 30, decide).ConfigureAwait(false);
        var (decideNow, decidePast, decideAll) = (Latency.Of(nowTimes), Latency.Of(pastTimes), Latency.Of([.. nowTimes, .. pastTimes]));
        log($"[{label}] decision, K = now: {decideNow}; past (T, K): {decidePast}");

        var indexed = await IndexedReadAsync(admin, schema, nowQueries, cancellationToken).ConfigureAwait(false);
        var indexedPlan = await IndexedReadPlanAsync(admin, schema, nowQueries[0], cancellationToken).ConfigureAwait(false);
        var indexScan = IsIndexScan(indexedPlan);
        log($"[{label}] indexed read: {indexed}{(indexScan ? "" : "; NOT an index scan:\n" + indexedPlan)}");

        // Naive replay reads and folds every event up to K: a handful of samples is all large ledgers allow.
        var replays = events switch { <= 1_000 => 20, <= 10_000 => 10, <= 100_000 => 4, _ => 1 };
        var mismatches = 0;
        Func<Question, Task> replay = async q =>
        {
            var replayed = await ReplayAsync(ledger, q, cancellationToken).ConfigureAwait(false);
            mismatches += SameAnswer(replayed, decisions[q]) ? 0 : 1;
        };
        var replayNow = await Latency.MeasureAsync(nowQueries.Take(replays).ToList(), 0, replay).ConfigureAwait(false);
        var replayPast = await Latency.MeasureAsync(pastQueries.Take(replays).ToList(), 0, replay).ConfigureAwait(false);
        log($"[{label}] naive replay, K = now: {replayNow}; past: {replayPast}; {mismatches} answers differ from the ledger's");

        // Like the decisions, "who" is timed warm: the median of several runs, each a whole answer.
        var whoQuestion = new WhoQueries.Question(nowQueries[0].Model, ledgerData.Persons.Take(10_000).ToList(), nowQueries[0].At, null);
        var whoTimes = new List<double>();
        var ((answered, allowedCount), whoMemory) = await MemoryUse.MeasureAsync(WhoRuns, async () =>
        {
            var answer = (0, 0);
            for (var run = 0; run < WhoRuns; run++)
            {
                var whoStarted = Stopwatch.GetTimestamp();
                answer = await Who(ledger, whoQuestion, cancellationToken).ConfigureAwait(false);
                whoTimes.Add(Stopwatch.GetElapsedTime(whoStarted).TotalMilliseconds);
            }

            return answer;
        }).ConfigureAwait(false);

        var whoMs = whoTimes.Order().ElementAt(whoTimes.Count / 2);
        log($"[{label}] who could access ({WhoQueries.Describe(Who)}): {answered:N0} persons answered, {allowedCount:N0} allowed; median {whoMs:N0} ms of {string.Join(", ", whoTimes.Select(t => t.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))} ms");
        log($"[{label}] who memory: {whoMemory.Describe()}");
        var whoMismatches = await WhoMismatchesAsync(ledger, whoQuestion, cancellationToken).ConfigureAwait(false);
        log($"[{label}] who against one decision each (50 persons, 10 organization classes): {whoMismatches} answers differ");

        var writes = Enumerable.Range(0, 100).Select(i => (Index: i, Person: ledgerData.Persons[random.Next(ledgerData.Persons.Count)])).ToList();
        var writeOne = await Latency.MeasureAsync(writes, 10, w => ledger.RecordAsync(
            new LedgerCommand(new PersonRelocated(w.Person, "DE", LedgerGenerator.Clock.AddMinutes(-w.Index)), $"single-{w.Index}-{w.Person}"), cancellationToken)).ConfigureAwait(false);
        var rawOne = await Latency.MeasureAsync(writes, 10, async w =>
        {
            await using var session = raw.LightweightSession();
            session.Events.Append(Streams.Person(w.Person), new PersonRelocated(w.Person, "DE", LedgerGenerator.Clock.AddMinutes(-w.Index)));
            await session.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
        log($"[{label}] one write: {writeOne}; one raw Marten append: {rawOne}");

        var (rebuildRate, rebuildRows, rebuildMismatches) = await RebuildAsync(ledger, admin, nowQueries.Concat(pastQueries).Take(50).ToList(), decisions, cancellationToken).ConfigureAwait(false);
        log($"[{label}] rebuild: {rebuildRate:N0} events/s ({rebuildRate / copyRate:P1} of COPY), {rebuildRows:N0} fact rows; {rebuildMismatches} decisions differ after it");

        // Half "now", half past (T, K): the decisions of the latency sample.
        var reads = await DecisionReads.MeasureAsync(ledger, admin, nowQueries[0], [.. nowQueries.Take(25), .. pastQueries.Take(25)], cancellationToken).ConfigureAwait(false);
        log($"[{label}] a decision reads {reads.MeanRows:N1} rows, {reads.MeanBytes / 1024:N1} KiB (max {reads.MaxBytes / 1024:N1} KiB); {reads.MeanWireBytes / 1024:N1} KiB from the socket");
        return new SizeResult
        {
            Events = events,
            Shape = ledgerData.Shape.ToString(),
            ImportEventsPerSecond = import,
            ImportMemory = importMemory,
            RawMartenEventsPerSecond = rawRate,
            CopyRowsPerSecond = copyRate,
            DecideNow = decideNow,
            DecidePast = decidePast,
            DecideAll = decideAll,
            ReplayNow = replayNow,
            ReplayPast = replayPast,
            IndexedRead = indexed,
            IndexedReadPlan = indexedPlan,
            IndexedReadIsIndexScan = indexScan,
            WriteOne = writeOne,
            RawAppendOne = rawOne,
            RebuildEventsPerSecond = rebuildRate,
            RebuildFactRows = rebuildRows,
            RebuildMismatches = rebuildMismatches,
            WhoMethod = WhoQueries.Describe(Who),
            WhoPersons = answered,
            WhoMilliseconds = whoMs,
            WhoMemory = whoMemory,
            WhoMismatches = whoMismatches,
            ReplayMismatches = mismatches,
            AllowedShare = (double)decisions.Values.Count(d => d.Allowed) / decisions.Count,
            DecisionBytes = reads.MeanBytes,
            DecisionBytesMax = reads.MaxBytes,
            DecisionRows = reads.MeanRows,
            DecisionWireBytes = reads.MeanWireBytes,
            DecisionQueryPlan = reads.Plan,
            LoadAverage = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a",
        };
    }

    public static string Label(int events) => events switch
    {
        >= 1_000_000 and var e when e % 1_000_000 == 0 => $"{e / 1_000_000}e6",
        >= 1_000 and var e when e % 1_000 == 0 && IsPowerOfTen(e) => $"1e{(int)Math.Log10(e)}",
        var e => e.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static bool IsPowerOfTen(int n) => Math.Abs(Math.Pow(10, Math.Round(Math.Log10(n))) - n) < 0.5;

    private async Task<double> ImportAsync(string label, IReadOnlyList<LedgerCommand> commands, Func<IReadOnlyList<LedgerCommand>, IProgress<int>?, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var lastReport = started;
        for (var offset = 0; offset < commands.Count; offset += BatchSize)
        {
            var batch = commands.Skip(offset).Take(BatchSize).ToList();
            await write(batch, null, cancellationToken).ConfigureAwait(false);
            var done = offset + batch.Count;
            if (Stopwatch.GetElapsedTime(lastReport).TotalSeconds >= 5 || done == commands.Count)
            {
                lastReport = Stopwatch.GetTimestamp();
                log($"[{label}] loaded {done:N0}/{commands.Count:N0} events, {done / Stopwatch.GetElapsedTime(started).TotalSeconds:N0} events/s");
            }
        }

        return commands.Count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private DocumentStore RawStore(string schema) => DocumentStore.For(options =>
    {
        options.Connection(connectionString);
        options.DatabaseSchemaName = schema;
        options.AutoCreateSchemaObjects = JasperFx.AutoCreate.CreateOrUpdate;
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, s => LedgerSchema.ConfigureStorageJson(s));
        options.Events.StreamIdentity = StreamIdentity.AsString;
        options.Events.AppendMode = EventAppendMode.Quick;
        foreach (var (wireName, type) in EventCatalog.Types)
        {
            options.Events.MapEventType(type, wireName);
        }
    });

    private static async Task RawAppendAsync(DocumentStore store, IReadOnlyList<LedgerCommand> batch, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession();
        foreach (var stream in batch.GroupBy(c => EventCatalog.StreamOf(c.Event)))
        {
            session.Events.Append(stream.Key, stream.Select(c => (object)c.Event).ToArray());
        }

        await session.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<double> CopyAsync(NpgsqlDataSource admin, string schema, SyntheticLedger ledgerData, CancellationToken cancellationToken)
    {
        await ExecuteAsync(admin, $"create table {schema}.copied_events (position bigint, stream text, version bigint, type text, recorded_at timestamptz, data jsonb)", cancellationToken).ConfigureAwait(false);
        var started = Stopwatch.GetTimestamp();
        await using var connection = await admin.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var writer = await connection.BeginBinaryImportAsync($"copy {schema}.copied_events from stdin (format binary)", cancellationToken).ConfigureAwait(false);
        foreach (var (e, at) in ledgerData.WithRefs())
        {
            await writer.StartRowAsync(cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(at.Position, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(at.Stream, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(at.Version, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(at.Type, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(at.RecordedAt, NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(JsonSerializer.Serialize(e, e.GetType(), LedgerSchema.StorageJson), NpgsqlDbType.Jsonb, cancellationToken).ConfigureAwait(false);
        }

        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        return ledgerData.Commands.Count / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>The floor of any read: one row of one person by index.</summary>
    private static string IndexedReadSql(string schema) => $"select location from {schema}.{SubjectFacts.Table} where person_id = $1 and type = 'person_enrolled' limit 1";

    private static async Task<Latency> IndexedReadAsync(NpgsqlDataSource admin, string schema, IReadOnlyList<Question> questions, CancellationToken cancellationToken) =>
        await Latency.MeasureAsync(questions, 30, async q =>
        {
            await using var command = admin.CreateCommand(IndexedReadSql(schema));
            command.Parameters.Add(new NpgsqlParameter { Value = q.Person });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            _ = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? reader.GetString(0) : null;
        }).ConfigureAwait(false);

    /// <summary>EXPLAIN (ANALYZE, BUFFERS) of the floor's read, for one person.</summary>
    private static async Task<string> IndexedReadPlanAsync(NpgsqlDataSource admin, string schema, Question q, CancellationToken cancellationToken)
    {
        await using var command = admin.CreateCommand($"explain (analyze, buffers) {IndexedReadSql(schema)}");
        command.Parameters.Add(new NpgsqlParameter { Value = q.Person });
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            plan.Add(reader.GetString(0));
        }

        return string.Join('\n', plan);
    }

    /// <summary>Whether a plan reads its table by an index only (no sequential scan anywhere).</summary>
    private static bool IsIndexScan(string plan) =>
        (plan.Contains("Index Scan", StringComparison.Ordinal) || plan.Contains("Index Only Scan", StringComparison.Ordinal))
            && !plan.Contains("Seq Scan", StringComparison.Ordinal);

    /// <summary>The baseline the design must beat: fold every event recorded up to K, then decide.</summary>
    private static async Task<Decision> ReplayAsync(Ledger ledger, Question q, CancellationToken cancellationToken)
    {
        var set = new TimelineSet();
        await foreach (var e in ledger.ReadEventsAsync(q.KnownAt, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            set.Apply(e.Data, new EventRef(e.Stream, e.Version, e.Type, e.RecordedAt, e.ValidFrom, e.Position));
        }

        return Decider.Decide(DecisionState.From(set, q.Model, q.Person), q.Model, Subject.Person(q.Person), q.At, q.KnownAt);
    }

    /// <summary>
    /// "Who could access" against <see cref="Ledger.DecideAsync"/> for 50 of its persons, spread over the answer, and
    /// 10 organization classes: the answers that differ (must be 0; each is logged).
    /// </summary>
    private async Task<int> WhoMismatchesAsync(Ledger ledger, WhoQueries.Question q, CancellationToken cancellationToken)
    {
        var answer = await ledger.WhoCouldAccessAsync(q.Model, q.At, q.KnownAt, cancellationToken).ConfigureAwait(false);
        var persons = answer.Persons.ToList();
        var step = Math.Max(1, persons.Count / 50);
        var mismatches = 0;
        foreach (var a in persons.Where((_, i) => i % step == 0).Take(50).Concat(answer.Organizations.Take(10)))
        {
            var decided = await ledger.DecideAsync(q.Model, a.Subject.Subject, q.At, q.KnownAt, cancellationToken).ConfigureAwait(false);
            if (!SameAnswer(decided, a.Decision))
            {
                mismatches++;
                log($"who differs from a decision: model {q.Model}, {a.Subject.Label}, T {q.At:O}, K {q.KnownAt?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "now"}: " +
                    $"who {Describe(a.Decision)}, decision {Describe(decided)}");
            }
        }

        return mismatches;

        static string Describe(Decision d) => $"{(d.Allowed ? "allowed" : "denied")} [{string.Join(", ", d.Reasons.Select(r => r.Code))}]";
    }

    private static bool SameAnswer(Decision a, Decision b) =>
        a.Allowed == b.Allowed && a.Reasons.Select(r => r.Code).SequenceEqual(b.Reasons.Select(r => r.Code));

    /// <summary>
    /// <see cref="Ledger.RebuildFactsAsync"/> (both fact tables truncated and refilled from the events by
    /// <c>insert … select</c>): events per second, the fact rows it wrote, and the decisions that differ after it.
    /// </summary>
    private async Task<(double Rate, long Rows, int Mismatches)> RebuildAsync(Ledger ledger, NpgsqlDataSource admin, IReadOnlyList<Question> check, Dictionary<Question, Decision> before, CancellationToken cancellationToken)
    {
        var head = await ledger.GetHeadAsync(cancellationToken).ConfigureAwait(false);
        var started = Stopwatch.GetTimestamp();
        await ledger.RebuildFactsAsync(cancellationToken).ConfigureAwait(false);
        var rate = head.Position / Stopwatch.GetElapsedTime(started).TotalSeconds;
        await using var count = admin.CreateCommand($"select (select count(*) from {ledger.Schema}.{InstrumentFacts.Table}) + (select count(*) from {ledger.Schema}.{SubjectFacts.Table})");
        var rows = (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        log($"rebuilt {head.Position:N0} events");

        var mismatches = 0;
        foreach (var q in check)
        {
            var after = await ledger.DecideAsync(q.Model, Subject.Person(q.Person), q.At, q.KnownAt, cancellationToken).ConfigureAwait(false);
            mismatches += SameAnswer(after, before[q]) ? 0 : 1;
        }

        return (rate, rows, mismatches);
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}

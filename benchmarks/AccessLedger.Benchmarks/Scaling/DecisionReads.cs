using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using AccessLedger.Decisions;
using Npgsql;

namespace AccessLedger.Benchmarks.Scaling;

/// <summary>
/// What one decision reads. The statements of the ledger's decision batch are caught from Npgsql's tracing while a
/// decision runs (so they are the SQL the ledger sends, not a copy), each is run under EXPLAIN (ANALYZE, BUFFERS)
/// with the decision's parameters, and the rows they return are measured: their bytes as PostgreSQL holds them
/// (<c>pg_column_size</c> of each returned row: row header, columns, the event's JSON joined from <c>mt_events</c>)
/// and, as a check, the bytes the client read from the socket during the decision (Npgsql's
/// <c>db.client.operation.npgsql.bytes_read</c> metric: rows plus the protocol's own messages).
/// </summary>
internal static class DecisionReads
{
    /// <summary>What a sample of decisions read, on average and at most, and the plans of one.</summary>
    internal sealed record Measured(double MeanBytes, double MaxBytes, double MeanRows, double MeanWireBytes, string Plan);

    // Npgsql traces a batch as one activity whose text is its statements joined by ";" and a line break
    // (NpgsqlCommand.GetBatchFullCommandText).
    private static readonly string Separator = ";" + Environment.NewLine;

    // The ledger's "as known now" (Ledger.Forever): a null K reaches the fact queries as this instant.
    private static readonly DateTimeOffset Forever = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Catches the decision batch of <paramref name="planned"/>, explains each statement for it, and measures the rows
    /// the statements return and the bytes read from the socket for every question of <paramref name="sample"/>.
    /// </summary>
    public static async Task<Measured> MeasureAsync(Ledger ledger, NpgsqlDataSource admin, Question planned, IReadOnlyList<Question> sample, CancellationToken cancellationToken)
    {
        var (statements, caught) = await CatchAsync(ledger, planned, cancellationToken).ConfigureAwait(false);
        var plan = new StringBuilder(caught
            ? $"The decision batch as Npgsql traced it: {statements.Count} statements.\n"
            : "Npgsql's tracing did not show the decision batch: the statements below are the ledger's own (InstrumentFacts, SubjectFacts, ChainLinks).\n");
        plan.Append(CultureInfo.InvariantCulture, $"Parameters: model '{planned.Model}', person '{planned.Person}', org '', at {planned.At:O}, known_at {planned.KnownAt ?? Forever:O}, notice false.\n");
        for (var i = 0; i < statements.Count; i++)
        {
            plan.Append(CultureInfo.InvariantCulture, $"\n-- statement {i + 1} of {statements.Count}\n{statements[i].Trim()}\n\n");
            await using var explain = Command(admin, $"explain (analyze, buffers) {statements[i]}", statements[i], planned);
            await using var reader = await explain.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                plan.Append(reader.GetString(0)).Append('\n');
            }
        }

        // Per question, and per kind of row over the sample (statement and the row's "type" column, if it has one).
        var bytes = new List<double>();
        var rows = new List<double>();
        var kinds = new SortedDictionary<string, (long Rows, double Bytes)>(StringComparer.Ordinal);
        foreach (var q in sample)
        {
            var (questionBytes, questionRows) = (0.0, 0.0);
            for (var i = 0; i < statements.Count; i++)
            {
                await using var size = Command(admin, $"select to_jsonb(x) ->> 'type', count(*), sum(pg_column_size(x)) from ({statements[i]}) as x group by 1", statements[i], q);
                await using var reader = await size.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var (count, sum) = (reader.GetInt64(1), Convert.ToDouble(reader.GetValue(2), CultureInfo.InvariantCulture));
                    var kind = string.Create(CultureInfo.InvariantCulture, $"statement {i + 1}: {(reader.IsDBNull(0) ? "-" : reader.GetString(0))}");
                    var before = kinds.GetValueOrDefault(kind);
                    kinds[kind] = (before.Rows + count, before.Bytes + sum);
                    questionRows += count;
                    questionBytes += sum;
                }
            }

            bytes.Add(questionBytes);
            rows.Add(questionRows);
        }

        plan.Append(CultureInfo.InvariantCulture, $"\nRows a decision reads, by statement and type (mean over {sample.Count} decisions: rows, bytes):\n");
        foreach (var (kind, (count, sum)) in kinds)
        {
            plan.Append(CultureInfo.InvariantCulture, $"- {kind}: {(double)count / sample.Count:0.00} rows, {sum / sample.Count:N0} B\n");
        }

        var wire = await WireBytesAsync(ledger, sample, cancellationToken).ConfigureAwait(false);
        plan.Append('\n').Append(await PlanCacheAsync(admin, statements, planned, sample, cancellationToken).ConfigureAwait(false));
        return new Measured(bytes.Average(), bytes.Max(), rows.Average(), wire, plan.ToString().TrimEnd());
    }

    /// <summary>The statements of the decision batch, as traced, or the ledger's own when tracing shows no batch.</summary>
    private static async Task<(IReadOnlyList<string> Statements, bool Caught)> CatchAsync(Ledger ledger, Question q, CancellationToken cancellationToken)
    {
        var texts = new List<string>();
        using (var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("Npgsql", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.Tags.FirstOrDefault(t => t.Key is "db.query.text" or "db.statement").Value is { } text)
                {
                    lock (texts)
                    {
                        texts.Add(text);
                    }
                }
            },
        })
        {
            ActivitySource.AddActivityListener(listener);
            await ledger.DecideAsync(q.Model, Subject.Person(q.Person), q.At, q.KnownAt, cancellationToken).ConfigureAwait(false);
        }

        // The decision's batch is the traced text that reads both fact tables.
        var instruments = $"{ledger.Schema}.{Storage.InstrumentFacts.Table} ";
        var subjects = $"{ledger.Schema}.{Storage.SubjectFacts.Table} ";
        if (texts.FirstOrDefault(t => t.Contains(instruments, StringComparison.Ordinal) && t.Contains(subjects, StringComparison.Ordinal)) is { } batch)
        {
            // The batch's own begin and commit (one snapshot for its statements) read nothing.
            return ([.. batch.Split(Separator).Where(statement => !statement.TrimStart().StartsWith("begin", StringComparison.Ordinal) && statement.Trim() != "commit")], true);
        }

        return ([Storage.InstrumentFacts.SelectDecision(ledger.Schema), Storage.SubjectFacts.SelectDecision(ledger.Schema), Chain.ChainLinks.HeadSql(ledger.Schema)], false);
    }

    /// <summary>
    /// Which plans a prepared decision runs: the ledger prepares its batch once per connection, and after five
    /// executions PostgreSQL may switch a prepared statement to a generic plan (one for any parameters). Each
    /// statement with parameters is prepared here in SQL the same way (text, text, text, timestamptz, timestamptz),
    /// executed for every question of the sample, and <c>pg_prepared_statements</c> says how many executions were
    /// generic; when some were, the generic plan is explained (<c>plan_cache_mode = force_generic_plan</c>).
    /// </summary>
    private static async Task<string> PlanCacheAsync(NpgsqlDataSource admin, IReadOnlyList<string> statements, Question planned, IReadOnlyList<Question> sample, CancellationToken cancellationToken)
    {
        await using var connection = await admin.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var report = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"Prepared as the ledger prepares them, each executed for {sample.Count} decisions (PostgreSQL's plan cache):\n"));
        for (var i = 0; i < statements.Count; i++)
        {
            if (!statements[i].Contains('@', StringComparison.Ordinal))
            {
                continue;
            }

            // Longest names first: "@at" is a prefix of nothing else, but "@known_at" must not become "@known$4". The
            // knowledge basis is the ledger's default, recorded (a constant here: the plans are those of that basis).
            var positional = statements[i].Replace("@notice", "false", StringComparison.Ordinal).Replace("@known_at", "$5", StringComparison.Ordinal).Replace("@model", "$1", StringComparison.Ordinal)
                .Replace("@person", "$2", StringComparison.Ordinal).Replace("@org", "$3", StringComparison.Ordinal).Replace("@at", "$4", StringComparison.Ordinal);
            var name = $"bench_decision_{i + 1}";
            await Execute(connection, $"prepare {name}(text, text, text, timestamptz, timestamptz) as {positional}", cancellationToken).ConfigureAwait(false);
            foreach (var q in sample)
            {
                await Execute(connection, $"execute {name}{Arguments(q)}", cancellationToken).ConfigureAwait(false);
            }

            await using (var counts = new NpgsqlCommand($"select generic_plans, custom_plans from pg_prepared_statements where name = '{name}'", connection))
            await using (var reader = await counts.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var (generic, custom) = (reader.GetInt64(0), reader.GetInt64(1));
                report.Append(CultureInfo.InvariantCulture, $"- statement {i + 1} of {statements.Count}: {generic} executions with the generic plan, {custom} with custom plans\n");
                if (generic == 0)
                {
                    continue;
                }
            }

            report.Append(CultureInfo.InvariantCulture, $"\n-- statement {i + 1}: the generic plan, for the question above\n");
            await Execute(connection, "set plan_cache_mode = force_generic_plan", cancellationToken).ConfigureAwait(false);
            await using (var explain = new NpgsqlCommand($"explain (analyze, buffers) execute {name}{Arguments(planned)}", connection))
            await using (var reader = await explain.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    report.Append(reader.GetString(0)).Append('\n');
                }
            }

            await Execute(connection, "reset plan_cache_mode", cancellationToken).ConfigureAwait(false);
            report.Append('\n');
        }

        await Execute(connection, "deallocate all", cancellationToken).ConfigureAwait(false);
        return report.ToString().TrimEnd();

        static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The arguments of an EXECUTE for the question, as literals (ids of the synthetic ledger, instants).</summary>
    private static string Arguments(Question q) => string.Create(
        CultureInfo.InvariantCulture,
        $"({Literal(q.Model)}, {Literal(q.Person)}, '', '{q.At:O}', '{q.KnownAt ?? Forever:O}')");

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>The statement with the parameters it names, valued as the ledger values them for an enrolled person.</summary>
    private static NpgsqlCommand Command(NpgsqlDataSource admin, string sql, string statement, Question q)
    {
        var command = admin.CreateCommand(sql);
        (string Name, object Value)[] values = [("model", q.Model), ("person", q.Person), ("org", ""), ("at", q.At), ("known_at", q.KnownAt ?? Forever), ("notice", false)];
        foreach (var (name, value) in values.Where(v => statement.Contains("@" + v.Name, StringComparison.Ordinal)))
        {
            command.Parameters.Add(new NpgsqlParameter(name, value));
        }

        return command;
    }

    /// <summary>
    /// The mean bytes the client read from the socket per decision, NaN when Npgsql publishes no such metric. The
    /// metric may be an observable counter (a running total per pool, read before and after) or a counter (summed).
    /// </summary>
    private static async Task<double> WireBytesAsync(Ledger ledger, IReadOnlyList<Question> sample, CancellationToken cancellationToken)
    {
        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        long pushed = 0;
        var seen = false;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name.StartsWith("Npgsql", StringComparison.Ordinal) && instrument.Name == "db.client.operation.npgsql.bytes_read")
                {
                    seen = true;
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (!instrument.IsObservable)
            {
                Interlocked.Add(ref pushed, value);
                return;
            }

            var key = string.Join(',', tags.ToArray().Select(t => $"{t.Key}={t.Value}"));
            lock (totals)
            {
                totals[key] = value;
            }
        }

        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();
        listener.RecordObservableInstruments();
        var before = totals.Values.Sum();
        foreach (var q in sample)
        {
            await ledger.DecideAsync(q.Model, Subject.Person(q.Person), q.At, q.KnownAt, cancellationToken).ConfigureAwait(false);
        }

        listener.RecordObservableInstruments();
        var read = totals.Values.Sum() - before + Interlocked.Read(ref pushed);
        return seen && read > 0 ? (double)read / sample.Count : double.NaN;
    }
}

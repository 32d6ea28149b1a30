using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using AccessLedger.Chain.Checkpoints;
using AccessLedger.Decisions;
using AccessLedger.Events;
using AccessLedger.Wire;
using Npgsql;
using Weasel.Postgresql.Tables;

namespace AccessLedger.Chain;

/// <summary>One decision as the log recorded it: where, when, the question, and the answer's JSON.</summary>
internal sealed record LoggedDecision(long Position, DateTimeOffset RecordedAt, string ModelId, Subject Subject, DateTimeOffset At, DateTimeOffset? KnownAt, JsonNode Answer);

/// <summary>
/// The opt-in decision log (<c>al_decision</c>, <see cref="Ledger.RecordDecisions"/>): each decision asked of the
/// ledger, appended with its question, its answer (the contract's JSON, with the checkpoint it was read at), the
/// positions of the events it cites and the engine's version, as one canonical JSON record (sorted keys, no
/// whitespace), chained as the events are: hash = SHA-256(previous hash ‖ record), computed by PostgreSQL in the
/// statement that appends it. Append-only under <see cref="ChainGuard"/>.
/// </summary>
/// <param name="dataSource">The ledger's database.</param>
/// <param name="schema">The ledger's schema.</param>
internal sealed class DecisionLog(NpgsqlDataSource dataSource, string schema)
{
    /// <summary>The table's name.</summary>
    public const string Table = "al_decision";

    private static readonly string Engine =
        typeof(DecisionLog).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>The table's definition, for Marten's schema management.</summary>
    public static Table Definition(string schema)
    {
        var table = new Table(new Weasel.Postgresql.PostgresqlObjectName(schema, Table, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        table.AddColumn<long>("position").AsPrimaryKey();
        table.AddColumn("recorded_at", "timestamptz").NotNull();
        table.AddColumn<string>("record").NotNull();
        table.AddColumn("previous_hash", "bytea").NotNull();
        table.AddColumn("hash", "bytea").NotNull();
        table.Indexes.Add(new IndexDefinition("al_decision_recorded_at") { Columns = ["recorded_at"] });
        return table;
    }

    /// <summary>Appends <paramref name="decision"/>, recorded at <paramref name="now"/>: one round trip, under the log's own lock.</summary>
    public async Task AppendAsync(Decision decision, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var record = new JsonObject
        {
            ["answer"] = JsonNode.Parse(DecisionJson.Serialize(decision)),
            ["at"] = LedgerJson.Format(decision.At),
            ["cited"] = new JsonArray([.. decision.Reasons.SelectMany(r => r.Events).Concat(decision.Basis).Select(e => e.Position).Distinct().Order().Select(p => (JsonNode)p)]),
            ["engine"] = Engine,
            ["knownAt"] = decision.KnownAt is { } k ? LedgerJson.Format(k) : null,
            ["model"] = decision.ModelId,
            ["recordedAt"] = LedgerJson.Format(now),
            ["subject"] = SubjectJson(decision.Subject),
        };
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // One implicit transaction: the lock orders appenders, the insert extends the head it reads.
            var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand("select pg_advisory_xact_lock(hashtext($1))") { Parameters = { new() { Value = $"{schema}.decision-log" } } },
                    new NpgsqlBatchCommand(
                        $"""
                        with head as (select coalesce(max(position), 0) as position,
                                             coalesce((select hash from {schema}.{Table} order by position desc limit 1), decode(repeat('00', 32), 'hex')) as hash
                                      from {schema}.{Table})
                        insert into {schema}.{Table} (position, recorded_at, record, previous_hash, hash)
                        select head.position + 1, $1, $2, head.hash, sha256(head.hash || convert_to($2, 'UTF8')) from head
                        """)
                    {
                        Parameters = { new() { Value = now }, new() { Value = ChainHasher.SortedJson(record) } },
                    },
                },
            };
            await using (batch.ConfigureAwait(false))
            {
                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Recomputes the log's chain in log order and names its first bad entry: a position missing (an entry deleted or
    /// the log reordered), a previous hash that is not the entry's before it, a hash that is not SHA-256(previous hash ‖
    /// record) (the record changed), a record that is not one JSON object, or a <c>recorded_at</c> column that is not
    /// the record's <c>recordedAt</c> (what <c>revalidate --since</c> selects by). Like the events' chain, it cannot
    /// see entries cut from its end, or the whole log written again consistently.
    /// </summary>
    /// <returns>The entries that hold, and the position and sentence of the first that does not (null when none).</returns>
    public async Task<(long Checked, long? FirstBroken, string? Problem)> VerifyAsync(CancellationToken cancellationToken)
    {
        var command = dataSource.CreateCommand($"select position, recorded_at, record, previous_hash, hash from {schema}.{Table} order by position");
        command.CommandTimeout = 0;
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var previous = new byte[32];
                long position = 0;
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var expected = position + 1;
                    var record = reader.GetString(2);
                    var problem = reader.GetInt64(0) != expected
                        ? $"decision {expected} is missing from the decision log ({Table}): an entry was deleted or the log reordered."
                        : !previous.AsSpan().SequenceEqual((byte[])reader[3]) || !ChainHasher.Next(previous, NoteText.Utf8.GetBytes(record)).AsSpan().SequenceEqual((byte[])reader[4])
                            ? $"decision {expected} of the decision log ({Table}) does not match its hash: it was changed or moved."
                            : RecordedAtOf(record) is not { } recordedAt
                                ? $"decision {expected} of the decision log ({Table}) is not a record the log writes."
                                // The column keeps microseconds, the record the clock's ticks.
                                : Math.Abs((recordedAt - reader.GetFieldValue<DateTimeOffset>(1)).Ticks) >= TimeSpan.TicksPerMicrosecond
                                    ? $"decision {expected} of the decision log ({Table}) is filed under another time than its record's recordedAt ({LedgerJson.Format(recordedAt)}): its recorded_at was changed."
                                    : null;
                    if (problem is not null)
                    {
                        return (position, expected, problem);
                    }

                    previous = (byte[])reader[4];
                    position = expected;
                }

                return (position, null, null);
            }
        }
    }

    /// <summary>The <c>recordedAt</c> of a record, or null when it is not a JSON object holding one.</summary>
    private static DateTimeOffset? RecordedAtOf(string record)
    {
        try
        {
            return JsonNode.Parse(record) is JsonObject o && o["recordedAt"] is JsonValue v && v.TryGetValue<string>(out var text) ? LedgerJson.TryParseInstant(text) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The decisions recorded at or after <paramref name="since"/>, in log order.</summary>
    public async Task<List<LoggedDecision>> SinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var command = dataSource.CreateCommand($"select position, recorded_at, record from {schema}.{Table} where recorded_at >= $1 order by position");
        command.Parameters.Add(new() { Value = since });
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var logged = new List<LoggedDecision>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var record = JsonNode.Parse(reader.GetString(2))!;
                    logged.Add(new LoggedDecision(
                        reader.GetInt64(0),
                        reader.GetFieldValue<DateTimeOffset>(1),
                        record["model"]!.GetValue<string>(),
                        SubjectOf(record["subject"]!),
                        LedgerJson.TryParseInstant(record["at"]!.GetValue<string>())!.Value,
                        record["knownAt"] is { } k ? LedgerJson.TryParseInstant(k.GetValue<string>()) : null,
                        record["answer"]!));
                }

                return logged;
            }
        }
    }

    private static JsonObject SubjectJson(Subject subject) => subject switch
    {
        EnrolledPerson p => new JsonObject { ["personId"] = p.PersonId },
        AdHocSubject a => new JsonObject
        {
            ["orgId"] = a.OrgId,
            ["citizenships"] = new JsonArray([.. a.Citizenships.Select(c => (JsonNode)c)]),
            ["usPersonStatus"] = JsonSerializer.SerializeToNode(a.UsPersonStatus, LedgerJson.Options),
            ["location"] = a.Location,
        },
        _ => throw new ArgumentException($"the decision log cannot record a subject of type {subject.GetType().Name}.", nameof(subject)),
    };

    private static Subject SubjectOf(JsonNode subject) => subject["personId"] is { } person
        ? Subject.Person(person.GetValue<string>())
        : Subject.AdHoc(
            subject["orgId"]!.GetValue<string>(),
            [.. subject["citizenships"]!.AsArray().Select(c => c!.GetValue<string>())],
            subject["usPersonStatus"].Deserialize<UsPersonStatus>(LedgerJson.Options),
            subject["location"]!.GetValue<string>());
}

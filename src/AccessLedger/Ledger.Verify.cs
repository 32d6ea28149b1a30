using System.Text.Json;
using System.Text.Json.Nodes;
using AccessLedger.Chain;
using AccessLedger.Decisions;
using AccessLedger.Events;
using AccessLedger.Timelines;
using AccessLedger.Storage;
using AccessLedger.Wire;
using Npgsql;

namespace AccessLedger;

public sealed partial class Ledger
{
    /// <summary>
    /// Recomputes the hash chain from the stored events and reports the first position where it breaks: an event
    /// changed, deleted, inserted or reordered. With <paramref name="checkpoint"/> (saved outside the database), also
    /// whether the history up to it was rewritten, even if rewritten consistently.
    /// </summary>
    /// <param name="checkpoint">A head read earlier with <see cref="GetHeadAsync"/>.</param>
    /// <param name="progress">Hears the number of positions checked, every 10,000.</param>
    /// <param name="cancellationToken">Stops the check.</param>
    public Task<VerificationResult> VerifyAsync(LedgerCheckpoint? checkpoint = null, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        VerifyAsync(checkpoint, deep: false, progress, cancellationToken);

    /// <summary>
    /// As <see cref="VerifyAsync(LedgerCheckpoint?, IProgress{long}?, CancellationToken)"/>; with <paramref name="deep"/>,
    /// also derives every fact row again from the events (in the database, as a rebuild would) and compares them with
    /// the rows decisions and audits read (<c>al_fact</c>, <c>al_subject_fact</c>), naming each difference. Those
    /// rows are append-only under the guard, but a role that may insert them could add one without touching the
    /// chain: the deep check shows it.
    /// </summary>
    /// <param name="checkpoint">A head read earlier with <see cref="GetHeadAsync"/>.</param>
    /// <param name="deep">Also compare the derived state with the events (reads the whole ledger into memory).</param>
    /// <param name="progress">Hears the number of positions checked, every 10,000.</param>
    /// <param name="cancellationToken">Stops the check.</param>
    public async Task<VerificationResult> VerifyAsync(LedgerCheckpoint? checkpoint, bool deep, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var result = await VerifyChainAsync(checkpoint, progress, cancellationToken).ConfigureAwait(false);
        return deep
            ? result with { DerivedStateChecked = true, DerivedStateProblems = await DerivedStateProblemsAsync(cancellationToken).ConfigureAwait(false) }
            : result;
    }

    private async Task<VerificationResult> VerifyChainAsync(LedgerCheckpoint? checkpoint, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var unchained = await FirstUnchainedAsync(connection, cancellationToken).ConfigureAwait(false);

            var command = new NpgsqlCommand(
                $"""
                select c.position, c.stream, c.version, c.recorded_at, c.hash, e.id is not null, e.type, e.stream_id, e.version, e.data, e.headers,
                       c.previous_hash, coalesce(e.is_archived, false) or coalesce(s.is_archived, false)
                from {_schema}.{LedgerSchema.ChainTable} c left join {_schema}.mt_events e on e.id = c.event_id left join {_schema}.mt_streams s on s.id = e.stream_id
                order by c.position
                """,
                connection);
            await using (command.ConfigureAwait(false))
            {
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    var previous = ChainHasher.Genesis.ToArray();
                    long position = 0;
                    var lastRecordedAt = DateTimeOffset.MinValue;
                    bool? checkpointMatches = null;
                    string? problem = null;
                    while (problem is null && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        var expected = position + 1;
                        var stored = reader.GetInt64(0);
                        if (unchained is { } inserted && inserted.Position <= expected)
                        {
                            problem = inserted.Problem;
                            break;
                        }

                        if (stored != expected)
                        {
                            problem = $"position {expected} is missing from the chain: an event was deleted or the chain was reordered.";
                            break;
                        }

                        if (!reader.GetBoolean(5))
                        {
                            problem = $"the event at position {expected} ({reader.GetString(1)} v{reader.GetInt64(2)}) was deleted.";
                            break;
                        }

                        var headers = JsonNode.Parse(reader.GetString(10))!.AsObject();
                        var recordedAt = LedgerJson.TryParseInstant(headers[LedgerSchema.RecordedAtHeader]?.GetValue<string>());
                        var stream = reader.GetString(7);
                        var version = reader.GetInt64(8);
                        var hash = recordedAt is null ? null : ChainHasher.Next(previous, ChainHasher.Canonical(
                            reader.GetString(6), JsonNode.Parse(reader.GetString(9))!, stream, version, recordedAt.Value,
                            headers[LedgerSchema.CommandIdHeader]?.GetValue<string>() ?? "", headers[LedgerSchema.ActorHeader]?.GetValue<string>()));
                        // The column keeps microseconds; a ledger written before instants were cut to the microsecond has finer
                        // headers (hashed as they are), so the two agree to the microsecond.
                        var column = reader.GetFieldValue<DateTimeOffset>(3);
                        if (hash is null || !hash.AsSpan().SequenceEqual((byte[])reader[4])
                            || stream != reader.GetString(1) || version != reader.GetInt64(2) || !SameMicrosecond(recordedAt!.Value, column)
                            || (!reader.IsDBNull(11) && !previous.AsSpan().SequenceEqual((byte[])reader[11])))
                        {
                            problem = $"the event at position {expected} ({reader.GetString(1)} v{reader.GetInt64(2)}) does not match its hash: it was changed or moved.";
                            break;
                        }

                        if (column < lastRecordedAt)
                        {
                            problem = $"the event at position {expected} ({stream} v{version}) was recorded at {LedgerJson.Format(column)}, before the event ahead of it " +
                                      $"({LedgerJson.Format(lastRecordedAt)}): knowledge time never goes backwards, so it was slipped in with a backdated recordedAt.";
                            break;
                        }

                        if (reader.GetBoolean(12))
                        {
                            problem = $"the event at position {expected} ({stream} v{version}) is marked archived: a rebuild would leave it out of every decision.";
                            break;
                        }

                        lastRecordedAt = column;
                        previous = hash;
                        position = expected;
                        if (checkpoint is not null && position == checkpoint.Position)
                        {
                            checkpointMatches = string.Equals(Convert.ToHexStringLower(hash), checkpoint.Hash, StringComparison.OrdinalIgnoreCase);
                        }

                        if (position % 10_000 == 0)
                        {
                            progress?.Report(position);
                        }
                    }

                    if (problem is null && unchained is { } late)
                    {
                        problem = late.Problem;
                    }

                    if (checkpoint is not null && checkpointMatches is null)
                    {
                        // The intact chain never reached the checkpoint: the history it names was truncated or broken before it.
                        checkpointMatches = checkpoint.Position == 0 && checkpoint.Hash.Trim('0').Length == 0;
                    }

                    progress?.Report(position);
                    var head = new LedgerCheckpoint(position, Convert.ToHexStringLower(previous));
                    return new VerificationResult(position, head, problem is null ? null : position + 1, problem, checkpointMatches);
                }
            }
        }
    }

    /// <summary>An event stored in the ledger's tables that the chain does not hold, placed where it was slipped in.</summary>
    private async Task<(long Position, string Problem)?> FirstUnchainedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(
            $"""
            select e.stream_id, e.version,
                   (select count(*) from {_schema}.{LedgerSchema.ChainTable} c join {_schema}.mt_events x on x.id = c.event_id where x.seq_id < e.seq_id) + 1
            from {_schema}.mt_events e
            where not exists (select 1 from {_schema}.{LedgerSchema.ChainTable} c where c.event_id = e.id)
              -- Marten's tombstones of a write that failed before the guard refused them: no event of the ledger,
              -- read by nothing (docs/tamper-evidence.md).
              and not (e.stream_id = 'mt_tombstone' and e.type = 'tombstone')
            order by e.seq_id limit 1
            """,
            connection);
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                    ? (reader.GetInt64(2), $"an event ({reader.GetString(0)} v{reader.GetInt64(1)}) was inserted at position {reader.GetInt64(2)} outside the ledger: the chain does not hold it.")
                    : null;
            }
        }
    }

    private static bool SameMicrosecond(DateTimeOffset a, DateTimeOffset b) => Writes.WriteJudge.WholeMicroseconds(a) == Writes.WriteJudge.WholeMicroseconds(b);

    /// <summary>
    /// Computes every fact row again from the chained events, in the database (the rebuild's own SQL, an
    /// independent derivation from the write path's), and names each row of the fact tables that no event
    /// accounts for or that differs from its event, and each row an event should have and the table lacks.
    /// </summary>
    private async Task<IReadOnlyList<string>> DerivedStateProblemsAsync(CancellationToken cancellationToken)
    {
        const int Shown = 100;
        var instrumentColumns = "stream, type, key, position, version, recorded_at, valid_from";
        var tables = new (string Table, string Columns, string Expected)[]
        {
            (InstrumentFacts.Table, instrumentColumns, InstrumentFacts.ExpectedRowsSql(_schema)),
            (SubjectFacts.Table, SubjectFacts.ColumnList, SubjectFacts.ExpectedRowsSql(_schema)),
        };
        var problems = new List<string>();
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            foreach (var (table, columns, expected) in tables)
            {
                // "position" and "type" name the row in both tables; the rest is compared column for column.
                var command = new NpgsqlCommand(
                    $"""
                    (select 'extra', position, type from (select {columns} from {_schema}.{table} except all {expected}) x order by position limit {Shown})
                    union all
                    (select 'missing', position, type from ({expected} except all select {columns} from {_schema}.{table}) x order by position limit {Shown})
                    """,
                    connection) { CommandTimeout = 0 };
                await using (command.ConfigureAwait(false))
                {
                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            var (position, type) = (reader.GetInt64(1), reader.GetString(2));
                            problems.Add(reader.GetString(0) == "extra"
                                ? $"{table} holds a row for position {position} ({type}) that no event accounts for, or that differs from its event: decisions and audits read a changed history."
                                : $"{table} lacks a row of the event at position {position} ({type}).");
                        }
                    }
                }
            }

            return problems;
        }
    }
}

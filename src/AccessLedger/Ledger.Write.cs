using System.Text.Json.Nodes;
using AccessLedger.Chain;
using AccessLedger.Diagnostics;
using AccessLedger.Events;
using AccessLedger.Rules;
using AccessLedger.Storage;
using AccessLedger.Timelines;
using AccessLedger.Wire;
using AccessLedger.Writes;
using JasperFx.Events;
using Marten;
using Marten.Exceptions;
using Npgsql;

namespace AccessLedger;

public sealed partial class Ledger
{
    /// <summary>Records one event; see <see cref="RecordBatchAsync"/>.</summary>
    public async Task<RecordResult> RecordAsync(LedgerCommand command, CancellationToken cancellationToken = default) =>
        (await RecordBatchAsync([command], progress: null, cancellationToken).ConfigureAwait(false)).Results[0];

    /// <summary>
    /// Records a batch of events atomically, in order. Each event passes the rules of LEDGER.md section 5 against
    /// the ledger's state including the events before it in the batch; the first violation raises a
    /// <see cref="LedgerRuleException"/> and nothing of the batch is written. Commands seen before (same
    /// commandId, same type and data) are skipped and return their first result.
    /// </summary>
    /// <param name="commands">The events, in the order to record them.</param>
    /// <param name="progress">Hears how many commands have been judged, for long imports.</param>
    /// <param name="cancellationToken">Cancels the write; nothing is written then.</param>
    public async Task<BatchResult> RecordBatchAsync(IReadOnlyList<LedgerCommand> commands, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        using var activity = LedgerTelemetry.StartWrite(_schema, commands.Count);
        var started = _time.GetTimestamp();
        try
        {
            var result = await RecordBatchCoreAsync(commands, progress, cancellationToken).ConfigureAwait(false);
            LedgerTelemetry.WriteSucceeded(activity, _schema, result, _time.GetElapsedTime(started));
            return result;
        }
        catch (Exception e) when (LedgerTelemetry.WriteFailed(activity, _schema, e, _time.GetElapsedTime(started)))
        {
            throw;
        }
    }

    private async Task<BatchResult> RecordBatchCoreAsync(IReadOnlyList<LedgerCommand> commands, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var prepared = WriteJudge.Prepare(commands);
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // Read what the judge needs in one round trip, judge in memory, store what it accepted in one batch: one
                // transaction, under the write lock.
                var (head, earlier, state, edge) = await LockAndReadAsync(connection, transaction, prepared, cancellationToken).ConfigureAwait(false);

                // The ledger stores instants to the microsecond (timestamptz): the clock's 100 ns ticks are cut, so the hash,
                // the header and the chain's column all hold the same instant.
                var judgement = WriteJudge.Judge(state, head, earlier, prepared, WriteJudge.WholeMicroseconds(_time.GetUtcNow()), progress);
                var accepted = judgement.Accepted;
                if (accepted.Count == 0)
                {
                    return new BatchResult(judgement.Results);
                }

                var session = _store.LightweightSession(Marten.Services.SessionOptions.ForTransaction(transaction, shouldAutoCommit: false));
                await using (session.ConfigureAwait(false))
                {
                    var ids = LedgerAppend.Queue(session, _schema, accepted, edge);
                    try
                    {
                        await session.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is JasperFx.ConcurrencyException or JasperFx.Events.ExistingStreamIdCollisionException)
                    {
                        throw new LedgerRuleException(ErrorCodes.ConcurrencyConflict, $"another writer changed a stream of this batch at the same time ({e.Message}); nothing was written, retry.");
                    }

                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    if (_listeners.Length > 0)
                    {
                        var recorded = accepted.Select((a, i) => new RecordedEvent(
                            a.Ref.Position, ids[i], a.Ref.Stream, a.Ref.Version, a.Ref.Type, a.Ref.RecordedAt, a.Command.CommandId, a.Command.Actor, a.Command.Event, Convert.ToHexStringLower(a.Hash))).ToList();
                        foreach (var listener in _listeners)
                        {
                            await listener.OnRecordedAsync(recorded, cancellationToken).ConfigureAwait(false);
                        }
                    }

                    return new BatchResult(judgement.Results);
                }
            }
        }
    }

    /// <summary>
    /// Takes the ledger's write lock, then reads the head, the earlier results of these commandIds, the guard's
    /// triggers in force, the Merkle tree's right edge and the histories of the streams the commands touch: one round trip.
    /// One writer at a time: rules read the state the previous write left, and the chain has one order.
    /// </summary>
    private async Task<(ChainHead Head, Dictionary<string, CommandRecord> Earlier, TimelineSet State, Chain.Merkle.CompactRange Edge)> LockAndReadAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<WriteJudge.Prepared> prepared, CancellationToken cancellationToken)
    {
        var ids = prepared.Select(p => p.CommandId).Distinct().ToArray();
        var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("select pg_advisory_xact_lock(hashtext($1))") { Parameters = { new() { Value = $"{_schema}.ledger-write" } } },
                new NpgsqlBatchCommand(ChainLinks.HeadSql(_schema)),
                new NpgsqlBatchCommand($"select command_id, payload_hash, position, stream, version, recorded_at from {_schema}.{LedgerSchema.ChainTable} where command_id = any($1)")
                {
                    Parameters = { new() { Value = ids } },
                },
                new NpgsqlBatchCommand(ChainGuard.InForceCountSql(_schema))
                {
                    Parameters = { new("guard_triggers", ChainGuard.GuardTriggers.Distinct().ToArray()) },
                },
                new NpgsqlBatchCommand(MerkleNodes.HeadEdgeSql(_schema)),
            },
        };
        await using (batch.ConfigureAwait(false))
        {
            foreach (var load in TimelineSet.LoadCommands(_schema, prepared.Select(p => p.Event)))
            {
                batch.BatchCommands.Add(load);
            }

            // Prepared once per physical connection (Npgsql keeps it across pooled uses): no planning per write.
            await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
            var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                var head = await ChainLinks.ReadHeadAsync(reader, cancellationToken).ConfigureAwait(false);
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                var earlier = new Dictionary<string, CommandRecord>(StringComparer.Ordinal);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    earlier[reader.GetString(0)] = new CommandRecord(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetInt64(4), reader.GetFieldValue<DateTimeOffset>(5));
                }

                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                if (reader.GetInt32(0) != ChainGuard.TriggerCount)
                {
                    // A schema made without migrate (or whose triggers were switched off) would take writes nothing guards.
                    // Its fact tables may not even exist, so the rest of the batch is not read; the transaction is dropped.
                    try
                    {
                        await reader.DisposeAsync().ConfigureAwait(false);
                    }
                    catch (PostgresException)
                    {
                    }

                    throw new InvalidOperationException(
                        $"the ledger in schema '{_schema}' is not guarded ({string.Join(", ", await MissingTriggersAsync(cancellationToken).ConfigureAwait(false))} missing or disabled), " +
                        "so nothing was written: run `accessledger migrate` (Ledger.EnsureSchemaAsync) as the schema's owner.");
                }

                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                var edge = await MerkleNodes.ReadEdgeAsync(reader, head.Position, _schema, cancellationToken).ConfigureAwait(false);
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                var state = new TimelineSet();
                await state.ReadAsync(reader, cancellationToken).ConfigureAwait(false);
                return (head, earlier, state, edge);
            }
        }
    }

    private async Task<List<string>> MissingTriggersAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = new NpgsqlCommand(ChainGuard.MissingTriggersSql(_schema), connection)
            {
                Parameters = { new("guard_tables", ChainGuard.GuardTables), new("guard_triggers", ChainGuard.GuardTriggers) },
            };
            await using (command.ConfigureAwait(false))
            {
                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    var missing = new List<string>();
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        missing.Add(reader.GetString(0));
                    }

                    return missing;
                }
            }
        }
    }
}

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
        var prepared = Prepare(commands);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        var (head, earlier) = await LockAndReadAsync(connection, transaction, prepared.Select(p => p.CommandId).Distinct().ToArray(), cancellationToken).ConfigureAwait(false);
        await using var session = _store.LightweightSession(Marten.Services.SessionOptions.ForTransaction(transaction, shouldAutoCommit: false));
        var state = await TimelineSet.LoadAsync(session, prepared.Where(p => !earlier.ContainsKey(p.CommandId)).Select(p => p.Event), cancellationToken).ConfigureAwait(false);

        // The ledger stores instants to the microsecond (timestamptz): the clock's 100 ns ticks are cut, so the hash,
        // the header and the chain's column all hold the same instant.
        var now = WholeMicroseconds(_time.GetUtcNow());
        var results = new RecordResult[prepared.Count];
        var written = new List<(Prepared Command, EventRef Ref, IEvent Envelope, byte[] Hash, byte[] Previous)>();
        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        var previousHash = head.Hash;
        var position = head.Position;
        var lastRecordedAt = head.RecordedAt;
        for (var i = 0; i < prepared.Count; i++)
        {
            var p = prepared[i];
            try
            {
                if (earlier.TryGetValue(p.CommandId, out var first))
                {
                    results[i] = first.PayloadHash == p.PayloadHash
                        ? new RecordResult(p.CommandId, first.Position, first.Stream, first.Version, first.RecordedAt, Repeated: true)
                        : throw new LedgerRuleException(ErrorCodes.IdempotencyConflict, $"commandId {p.CommandId} was used before for another event; a commandId names one event forever.");
                    continue;
                }

                var recordedAt = RecordedAt(p, now, lastRecordedAt);
                WriteRules.Check(p.Event, state);
                position++;
                var version = NextVersion(versions, state, p);
                var at = new EventRef(p.Stream, version, p.Type, recordedAt, p.Event.ValidFrom, position);
                state.Apply(p.Event, at);
                var hash = ChainHasher.Next(previousHash, ChainHasher.Canonical(p.Type, p.Data, p.Stream, version, recordedAt, p.CommandId, p.Actor));
                var envelope = session.Events.BuildEvent(p.Event);
                envelope.SetHeader(LedgerSchema.PositionHeader, position.ToString(System.Globalization.CultureInfo.InvariantCulture));
                envelope.SetHeader(LedgerSchema.RecordedAtHeader, LedgerJson.Format(recordedAt));
                envelope.SetHeader(LedgerSchema.CommandIdHeader, p.CommandId);
                if (p.Actor is not null)
                {
                    envelope.SetHeader(LedgerSchema.ActorHeader, p.Actor);
                }

                written.Add((p, at, envelope, hash, previousHash));
                earlier[p.CommandId] = new CommandRecord(p.CommandId, p.PayloadHash, position, p.Stream, version, recordedAt);
                results[i] = new RecordResult(p.CommandId, position, p.Stream, version, recordedAt, Repeated: false);
                previousHash = hash;
                lastRecordedAt = recordedAt;
            }
            catch (LedgerRuleException e) when (e.Index is null)
            {
                throw e.At(i, p.Type);
            }

            progress?.Report(i + 1);
        }

        if (written.Count == 0)
        {
            return new BatchResult(results);
        }

        foreach (var stream in written.GroupBy(w => w.Ref.Stream))
        {
            session.Events.Append(stream.Key, stream.Max(w => w.Ref.Version), stream.Select(w => (object)w.Envelope).ToArray());
        }

        // The chain rides in the same batch as the events: one statement, whatever the size of the write.
        session.QueueSqlCommand(
            $"insert into {_schema}.{LedgerSchema.ChainTable} (position, event_id, stream, version, recorded_at, hash, previous_hash, command_id, payload_hash) " +
            "select * from unnest(?::bigint[], ?::uuid[], ?::text[], ?::bigint[], ?::timestamptz[], ?::bytea[], ?::bytea[], ?::text[], ?::text[])",
            written.Select(w => w.Ref.Position).ToArray(),
            written.Select(w => w.Envelope.Id).ToArray(),
            written.Select(w => w.Ref.Stream).ToArray(),
            written.Select(w => w.Ref.Version).ToArray(),
            written.Select(w => w.Ref.RecordedAt).ToArray(),
            written.Select(w => w.Hash).ToArray(),
            written.Select(w => w.Previous).ToArray(),
            written.Select(w => w.Command.CommandId).ToArray(),
            written.Select(w => w.Command.PayloadHash).ToArray());
        TimelineProjection.Folded.Value = state;
        try
        {
            await session.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JasperFx.ConcurrencyException or JasperFx.Events.ExistingStreamIdCollisionException)
        {
            throw new LedgerRuleException(ErrorCodes.ConcurrencyConflict, $"another writer changed a stream of this batch at the same time ({e.Message}); nothing was written, retry.");
        }
        finally
        {
            TimelineProjection.Folded.Value = null;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (_listeners.Length > 0)
        {
            var recorded = written.Select(w => new RecordedEvent(
                w.Ref.Position, w.Envelope.Id, w.Ref.Stream, w.Ref.Version, w.Ref.Type, w.Ref.RecordedAt, w.Command.CommandId, w.Command.Actor, w.Command.Event, Convert.ToHexStringLower(w.Hash))).ToList();
            foreach (var listener in _listeners)
            {
                await listener.OnRecordedAsync(recorded, cancellationToken).ConfigureAwait(false);
            }
        }

        return new BatchResult(results);
    }

    /// <summary>
    /// Takes the ledger's write lock, then reads the head and the earlier results of these commandIds: one round trip.
    /// One writer at a time: rules read the state the previous write left, and the chain has one order.
    /// </summary>
    private async Task<(Head Head, Dictionary<string, CommandRecord> Earlier)> LockAndReadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string[] ids, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("select pg_advisory_xact_lock(hashtext($1))") { Parameters = { new() { Value = $"{_schema}.ledger-write" } } },
                new NpgsqlBatchCommand(HeadSql),
                new NpgsqlBatchCommand($"select command_id, payload_hash, position, stream, version, recorded_at from {_schema}.{LedgerSchema.ChainTable} where command_id = any($1)")
                {
                    Parameters = { new() { Value = ids } },
                },
                new NpgsqlBatchCommand(ChainGuard.InForceCountSql(_schema))
                {
                    Parameters = { new("guard_triggers", ChainGuard.GuardTriggers.Distinct().ToArray()) },
                },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var head = await ReadHeadAsync(reader, cancellationToken).ConfigureAwait(false);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var earlier = new Dictionary<string, CommandRecord>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            earlier[reader.GetString(0)] = new CommandRecord(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetInt64(4), reader.GetFieldValue<DateTimeOffset>(5));
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var inForce = reader.GetInt32(0);
        await reader.DisposeAsync().ConfigureAwait(false);

        // A schema made without migrate (or whose triggers were switched off) would take writes nothing guards.
        return inForce == ChainGuard.TriggerCount
            ? (head, earlier)
            : throw new InvalidOperationException(
                $"the ledger in schema '{_schema}' is not guarded ({string.Join(", ", await MissingTriggersAsync(connection, transaction, cancellationToken).ConfigureAwait(false))} missing or disabled), " +
                "so nothing was written: run `accessledger migrate` (Ledger.EnsureSchemaAsync) as the schema's owner.");
    }

    private async Task<List<string>> MissingTriggersAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(ChainGuard.MissingTriggersSql(_schema), connection, transaction)
        {
            Parameters = { new("guard_tables", ChainGuard.GuardTables), new("guard_triggers", ChainGuard.GuardTriggers) },
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var missing = new List<string>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            missing.Add(reader.GetString(0));
        }

        return missing;
    }

    private sealed record Prepared(ILedgerEvent Event, string Type, string Stream, string Data, string CommandId, string PayloadHash, string? Actor, DateTimeOffset? StatedRecordedAt);

    private static List<Prepared> Prepare(IReadOnlyList<LedgerCommand> commands)
    {
        var prepared = new List<Prepared>(commands.Count);
        for (var i = 0; i < commands.Count; i++)
        {
            var command = commands[i];
            var type = EventCatalog.WireNameOf(command.Event);
            try
            {
                var e = FieldRules.Check(command.Event);
                var data = ChainHasher.SortedJson(ChainHasher.DataOf(e));
                var payload = ChainHasher.PayloadHash(type, data);
                if (command.CommandId is { } id && (string.IsNullOrWhiteSpace(id) || id.Length > 200))
                {
                    throw new LedgerRuleException(ErrorCodes.InvalidField, "commandId must be 1 to 200 characters.");
                }

                // A line without a commandId is identified by what it says, so importing it twice records it once.
                var commandId = command.CommandId ?? $"auto-{payload[..32]}";
                prepared.Add(new Prepared(e, type, EventCatalog.StreamOf(e), data, commandId, payload, command.Actor, command.RecordedAt));
            }
            catch (LedgerRuleException e) when (e.Index is null)
            {
                throw e.At(i, type);
            }
        }

        return prepared;
    }

    private static DateTimeOffset RecordedAt(Prepared p, DateTimeOffset now, DateTimeOffset last)
    {
        if (p.StatedRecordedAt is not { } stated)
        {
            // The clock may lag the ledger (another host's clock); knowledge time never goes backwards.
            return now > last ? now : last;
        }

        if (stated < last)
        {
            throw new LedgerRuleException(ErrorCodes.RecordedAtOutOfOrder, $"recordedAt {LedgerJson.Format(stated)} is earlier than the ledger's last recording, {LedgerJson.Format(last)}; knowledge time never goes backwards.");
        }

        if (stated > now)
        {
            throw new LedgerRuleException(ErrorCodes.RecordedAtOutOfOrder, $"recordedAt {LedgerJson.Format(stated)} is in the future of the ledger's clock ({LedgerJson.Format(now)}).");
        }

        return stated;
    }

    private static DateTimeOffset WholeMicroseconds(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);

    private static long NextVersion(Dictionary<string, long> versions, TimelineSet state, Prepared p)
    {
        if (!versions.TryGetValue(p.Stream, out var current))
        {
            var (type, id) = TimelineSet.DocumentsFor(p.Event).First();
            current = state.Find(type, id)?.Version ?? 0;
        }

        versions[p.Stream] = current + 1;
        return current + 1;
    }
}

using System.Runtime.CompilerServices;
using System.Text.Json;
using AccessLedger.Chain;
using AccessLedger.Decisions;
using AccessLedger.Events;
using AccessLedger.Storage;
using AccessLedger.Writes;
using Npgsql;

namespace AccessLedger;

public sealed partial class Ledger
{
    /// <summary>The ledger's head: its last position and chain hash. Save it elsewhere to check later that the history up to it was not rewritten.</summary>
    public async Task<LedgerCheckpoint> GetHeadAsync(CancellationToken cancellationToken = default)
    {
        var head = await ReadHeadAsync(_dataSource, cancellationToken).ConfigureAwait(false);
        return new LedgerCheckpoint(head.Position, Convert.ToHexStringLower(head.Hash));
    }

    /// <summary>The head of the chain as <paramref name="source"/> (the primary or a replica) has it.</summary>
    internal async Task<ChainHead> ReadHeadAsync(NpgsqlDataSource source, CancellationToken cancellationToken)
    {
        var connection = await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await ReadHeadAsync(connection, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ChainHead> ReadHeadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(ChainLinks.HeadSql(_schema), connection);
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return await ChainLinks.ReadHeadAsync(reader, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The events the ledger had recorded by <paramref name="knownAt"/> (all when null), oldest first, optionally of
    /// one stream, past ledger position <paramref name="after"/>, at most <paramref name="limit"/> of them: a page
    /// costs what it returns, wherever it starts.
    /// </summary>
    /// <param name="knownAt">Knowledge time K: only events recorded by then; all when null.</param>
    /// <param name="stream">Only this stream's events, when set.</param>
    /// <param name="after">Only events at a ledger position greater than this (0: from the first).</param>
    /// <param name="limit">At most this many events; all when null.</param>
    /// <param name="cancellationToken">Stops the read.</param>
    public async IAsyncEnumerable<RecordedEvent> ReadEventsAsync(DateTimeOffset? knownAt = null, string? stream = null, long after = 0, int? limit = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(after);
        if (limit is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "a page holds at least one event.");
        }

        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await foreach (var e in ReadEventsAsync(connection, knownAt, stream, after, limit, cancellationToken).ConfigureAwait(false))
            {
                yield return e;
            }
        }
    }

    /// <summary>The read of <see cref="ReadEventsAsync(DateTimeOffset?, string?, long, int?, CancellationToken)"/> on a connection the caller holds (the change feed's).</summary>
    internal async IAsyncEnumerable<RecordedEvent> ReadEventsAsync(NpgsqlConnection connection, DateTimeOffset? knownAt, string? stream, long after, int? limit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(
            $"""
            select c.position, c.event_id, c.stream, c.version, e.type, c.recorded_at, e.headers ->> '{LedgerSchema.CommandIdHeader}',
                   e.headers ->> '{LedgerSchema.ActorHeader}', e.data, c.hash
            from {_schema}.{LedgerSchema.ChainTable} c join {_schema}.mt_events e on e.id = c.event_id
            where c.position > @after and (@known_at::timestamptz is null or c.recorded_at <= @known_at) and (@stream::text is null or c.stream = @stream)
            order by c.position
            limit @limit
            """,
            connection);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue("after", after);
            command.Parameters.AddWithValue("limit", (object?)limit ?? DBNull.Value);
            command.Parameters.AddWithValue("known_at", (object?)knownAt ?? DBNull.Value);
            command.Parameters.AddWithValue("stream", (object?)stream ?? DBNull.Value);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var type = reader.GetString(4);
                    var clrType = EventCatalog.TypeOf(type) ?? throw new InvalidOperationException($"stored event type '{type}' is not of the contract.");
                    var data = (ILedgerEvent)JsonSerializer.Deserialize(reader.GetString(8), clrType, LedgerSchema.StorageJson)!;
                    yield return new RecordedEvent(
                        reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetInt64(3), type, reader.GetFieldValue<DateTimeOffset>(5),
                        reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7), data, Convert.ToHexStringLower((byte[])reader[9]));
                }
            }
        }
    }
}

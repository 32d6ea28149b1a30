using System.Text.Json;
using System.Text.Json.Nodes;
using AccessLedger.Chain;
using AccessLedger.Decisions;
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
    public async Task<VerificationResult> VerifyAsync(LedgerCheckpoint? checkpoint = null, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var unchained = await FirstUnchainedAsync(connection, cancellationToken).ConfigureAwait(false);

        await using var command = new NpgsqlCommand(
            $"""
            select c.position, c.stream, c.version, c.recorded_at, c.hash, e.id is not null, e.type, e.stream_id, e.version, e.data, e.headers
            from {_schema}.{LedgerSchema.ChainTable} c left join {_schema}.mt_events e on e.id = c.event_id
            order by c.position
            """,
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var previous = ChainHasher.Genesis.ToArray();
        long position = 0;
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
            if (hash is null || !hash.AsSpan().SequenceEqual((byte[])reader[4])
                || stream != reader.GetString(1) || version != reader.GetInt64(2) || recordedAt != reader.GetFieldValue<DateTimeOffset>(3))
            {
                problem = $"the event at position {expected} ({reader.GetString(1)} v{reader.GetInt64(2)}) does not match its hash: it was changed or moved.";
                break;
            }

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

    /// <summary>An event stored in the ledger's tables that the chain does not hold, placed where it was slipped in.</summary>
    private async Task<(long Position, string Problem)?> FirstUnchainedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"""
            select e.stream_id, e.version,
                   (select count(*) from {_schema}.{LedgerSchema.ChainTable} c join {_schema}.mt_events x on x.id = c.event_id where x.seq_id < e.seq_id) + 1
            from {_schema}.mt_events e
            where not exists (select 1 from {_schema}.{LedgerSchema.ChainTable} c where c.event_id = e.id)
            order by e.seq_id limit 1
            """,
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? (reader.GetInt64(2), $"an event ({reader.GetString(0)} v{reader.GetInt64(1)}) was inserted at position {reader.GetInt64(2)} outside the ledger: the chain does not hold it.")
            : null;
    }
}

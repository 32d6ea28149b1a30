using System.Text.Json.Nodes;
using AccessLedger.Chain.Merkle;
using AccessLedger.Decisions;
using AccessLedger.Events;
using AccessLedger.Storage;
using AccessLedger.Wire;
using Npgsql;

namespace AccessLedger.Chain;

/// <summary>
/// Verification of the chain (docs/tamper-evidence.md, "Verify"): recomputes every link from the stored events in
/// ledger order and names the first position where the chain breaks — an event changed, deleted, inserted, reordered,
/// backdated or archived — and whether a checkpoint saved earlier still matches. It checks the Merkle tree
/// (<see cref="MerkleNodes"/>) too: each leaf is the hash of its event's canonical bytes, each stored subtree the
/// hash of its two halves, and no subtree is missing or beyond the chain, so the tree's root is the root of the events. <see cref="Ledger.VerifyAsync(LedgerCheckpoint?, bool, IProgress{long}?, CancellationToken)"/>
/// runs it, and with <c>deep</c> also compares the fact rows with the events.
/// </summary>
/// <param name="dataSource">The ledger's database.</param>
/// <param name="schema">The ledger's schema.</param>
internal sealed class ChainVerifier(NpgsqlDataSource dataSource, string schema)
{
    /// <summary>Recomputes the chain; see the class.</summary>
    public async Task<VerificationResult> VerifyAsync(LedgerCheckpoint? checkpoint, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var unchained = await FirstUnchainedAsync(connection, cancellationToken).ConfigureAwait(false);
            var tree = await FirstTreeProblemAsync(connection, cancellationToken).ConfigureAwait(false);

            var command = new NpgsqlCommand(
                $"""
                select c.position, c.stream, c.version, c.recorded_at, c.hash, e.id is not null, e.type, e.stream_id, e.version, e.data, e.headers,
                       c.previous_hash, coalesce(e.is_archived, false) or coalesce(s.is_archived, false), m.hash
                from {schema}.{LedgerSchema.ChainTable} c left join {schema}.mt_events e on e.id = c.event_id left join {schema}.mt_streams s on s.id = e.stream_id
                left join {schema}.{MerkleNodes.Table} m on m.level = 0 and m.idx = c.position - 1
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

                        if (tree is { } altered && altered.Position <= expected)
                        {
                            problem = altered.Problem;
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
                        var canonical = recordedAt is null ? null : ChainHasher.Canonical(
                            reader.GetString(6), JsonNode.Parse(reader.GetString(9))!, stream, version, recordedAt.Value,
                            headers[LedgerSchema.CommandIdHeader]?.GetValue<string>() ?? "", headers[LedgerSchema.ActorHeader]?.GetValue<string>());
                        var hash = canonical is null ? null : ChainHasher.Next(previous, canonical);
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

                        if (reader.IsDBNull(13) || !MerkleHash.Leaf(canonical!).AsSpan().SequenceEqual((byte[])reader[13]))
                        {
                            problem = reader.IsDBNull(13)
                                ? $"the Merkle tree ({MerkleNodes.Table}) lacks the leaf of position {expected}: it was deleted, or the tree was never built (run `accessledger migrate`)."
                                : $"the Merkle tree's leaf of position {expected} ({stream} v{version}) is not the hash of its event: the tree was altered, so proofs from it would not verify.";
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

                    if (problem is null && tree is { } beyond)
                    {
                        problem = beyond.Problem;
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
                   (select count(*) from {schema}.{LedgerSchema.ChainTable} c join {schema}.mt_events x on x.id = c.event_id where x.seq_id < e.seq_id) + 1
            from {schema}.mt_events e
            where not exists (select 1 from {schema}.{LedgerSchema.ChainTable} c where c.event_id = e.id)
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

    /// <summary>
    /// The first place, by the position that completes it, where the stored tree is not a tree of the chain: a subtree
    /// that is not the hash of its two halves, a half of a stored subtree that is missing, a subtree its right half
    /// completed that is missing, or a
    /// leaf of a position the chain does not hold. In the database, with PostgreSQL's sha256.
    /// </summary>
    private async Task<(long Position, string Problem)?> FirstTreeProblemAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var m = $"{schema}.{MerkleNodes.Table}";
        var command = new NpgsqlCommand(
            $"""
            select kind, level, idx, pos from (
              select 'altered' as kind, p.level, p.idx, (p.idx + 1) << p.level as pos
              from {m} p join {m} l on l.level = p.level - 1 and l.idx = 2 * p.idx join {m} r on r.level = p.level - 1 and r.idx = 2 * p.idx + 1
              where p.level > 0 and p.hash <> sha256(decode('01', 'hex') || l.hash || r.hash)
              union all
              select 'missing', p.level - 1, h.idx, (h.idx + 1) << (p.level - 1)
              from {m} p cross join lateral (values (2 * p.idx), (2 * p.idx + 1)) as h(idx)
              where p.level > 0 and not exists (select 1 from {m} c where c.level = p.level - 1 and c.idx = h.idx)
              union all
              select 'missing', c.level + 1, c.idx / 2, (c.idx + 1) << c.level
              from {m} c where c.idx % 2 = 1 and not exists (select 1 from {m} p where p.level = c.level + 1 and p.idx = c.idx / 2)
              union all
              select 'orphan', 0, f.idx, f.idx + 1
              from {m} f where f.level = 0 and not exists (select 1 from {schema}.{LedgerSchema.ChainTable} c where c.position = f.idx + 1)
            ) x order by pos, level limit 1
            """,
            connection) { CommandTimeout = 0 };
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                var node = new NodeId(reader.GetInt32(1), reader.GetInt64(2));
                var span = $"positions {node.Start + 1}..{node.End}";
                return (reader.GetInt64(3), reader.GetString(0) switch
                {
                    "altered" => $"the Merkle tree's subtree over {span} is not the hash of its two halves: the tree ({MerkleNodes.Table}) was altered, so proofs from it would not verify.",
                    "missing" when node.Level == 0 => $"the Merkle tree ({MerkleNodes.Table}) lacks the leaf of position {node.End}: it was deleted.",
                    "missing" => $"the Merkle tree ({MerkleNodes.Table}) lacks the subtree over {span}: it was deleted.",
                    _ => $"the Merkle tree holds a leaf for position {node.Index + 1}, which the chain does not hold: the tree was altered or the event removed.",
                });
            }
        }
    }

    private static bool SameMicrosecond(DateTimeOffset a, DateTimeOffset b) => Writes.WriteJudge.WholeMicroseconds(a) == Writes.WriteJudge.WholeMicroseconds(b);
}

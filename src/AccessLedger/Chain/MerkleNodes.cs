using System.Numerics;
using AccessLedger.Chain.Merkle;
using Npgsql;
using Weasel.Postgresql.Tables;

namespace AccessLedger.Chain;

/// <summary>
/// The ledger's Merkle tree in PostgreSQL (<c>al_merkle</c>, docs/proofs.md): the hash of every complete subtree,
/// keyed by (level, index), level 0 being the leaves (the event at position p is leaf p − 1). A write appends, in
/// the batch of its chain links, the leaf of each event and every subtree it completes (two rows per event on
/// average, O(log n) at worst); the right edge it extends is read with the head, under the write lock. A proof or
/// a root reads the O(log n) subtrees it is made of in one round trip (<see cref="Source"/>). Append-only under
/// <see cref="ChainGuard"/>; <see cref="ChainVerifier"/> checks it against the events.
/// </summary>
internal static class MerkleNodes
{
    /// <summary>The table's name.</summary>
    public const string Table = "al_merkle";

    /// <summary>The table's definition, for Marten's schema management.</summary>
    public static Table Definition(string schema)
    {
        var table = new Table(new Weasel.Postgresql.PostgresqlObjectName(schema, Table, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        table.AddColumn<int>("level").AsPrimaryKey();
        table.AddColumn<long>("idx").AsPrimaryKey();
        table.AddColumn("hash", "bytea").NotNull();
        return table;
    }

    /// <summary>
    /// Selects the right edge of the tree of <paramref name="sizeSql"/> leaves: for every 1 bit l of the size, the
    /// subtree (l, (size &gt;&gt; l) − 1), largest first; one index probe each. Columns: level, hash.
    /// </summary>
    public static string EdgeSql(string schema, string sizeSql) => $"""
        select m.level, m.hash
        from (select ({sizeSql})::bigint as n) h
        cross join generate_series(0, 62) as l(level)
        join {schema}.{Table} m on m.level = l.level and m.idx = (h.n >> l.level) - 1
        where ((h.n >> l.level) & 1) = 1
        order by m.level desc
        """;

    /// <summary>The edge at the chain's head, for the write path (read in its batch, under the lock).</summary>
    public static string HeadEdgeSql(string schema) =>
        EdgeSql(schema, $"select coalesce((select position from {schema}.{ChainLinks.Table} order by position desc limit 1), 0)");

    /// <summary>The number of leaves the tree holds.</summary>
    public static string SizeSql(string schema) => $"select coalesce(max(idx) + 1, 0) from {schema}.{Table} where level = 0";

    /// <summary>Reads the edge from a reader positioned before the result of <see cref="EdgeSql"/>, for a tree of <paramref name="size"/> leaves.</summary>
    /// <exception cref="InvalidOperationException">The table lacks a subtree of the edge: the tree was never filled for this ledger (run migrate).</exception>
    public static async Task<CompactRange> ReadEdgeAsync(NpgsqlDataReader reader, long size, string schema, CancellationToken cancellationToken)
    {
        var hashes = new List<byte[]>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            hashes.Add((byte[])reader[1]);
        }

        return hashes.Count == BitOperations.PopCount((ulong)size)
            ? CompactRange.FromSubtrees(size, hashes)
            : throw new InvalidOperationException(
                $"the ledger in schema '{schema}' has {size} events but its Merkle tree ({Table}) lacks them, so nothing was written: run `accessledger migrate` (Ledger.EnsureSchemaAsync) as the schema's owner to build it.");
    }

    /// <summary>
    /// Appends the leaves to <paramref name="edge"/> and queues one statement that inserts every subtree they
    /// complete (in the batch of the events and their links).
    /// </summary>
    public static void Queue(Marten.IDocumentOperations operations, string schema, CompactRange edge, IEnumerable<byte[]> leafHashes)
    {
        var (levels, indexes, hashes) = Append(edge, leafHashes);
        operations.QueueSqlCommand(
            $"insert into {schema}.{Table} (level, idx, hash) select * from unnest(?::int[], ?::bigint[], ?::bytea[])",
            levels.ToArray(), indexes.ToArray(), hashes.ToArray());
    }

    /// <summary>Appends the leaves to <paramref name="edge"/>; returns the subtrees they complete, in order.</summary>
    public static (List<int> Levels, List<long> Indexes, List<byte[]> Hashes) Append(CompactRange edge, IEnumerable<byte[]> leafHashes)
    {
        var (levels, indexes, hashes) = (new List<int>(), new List<long>(), new List<byte[]>());
        foreach (var leaf in leafHashes)
        {
            edge.Append(leaf, (node, hash) =>
            {
                levels.Add(node.Level);
                indexes.Add(node.Index);
                hashes.Add(hash.ToArray());
            });
        }

        return (levels, indexes, hashes);
    }

    /// <summary>
    /// Builds the tree of the events the chain holds and the tree does not (all of them for a ledger written before
    /// the tree was kept), under the write lock, in one transaction, a slice at a time: the events' canonical bytes
    /// are read in position order, appended to the edge, and the subtrees they complete copied in.
    /// </summary>
    /// <returns>The number of leaves added.</returns>
    /// <exception cref="InvalidOperationException">The chain has a gap or a link without its event: verify names it.</exception>
    public static async Task<long> FillAsync(NpgsqlDataSource dataSource, string schema, CancellationToken cancellationToken)
    {
        const int Slice = 50_000;
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await ExecuteAsync(connection, "select pg_advisory_xact_lock(hashtext($1))", $"{schema}.ledger-write", cancellationToken).ConfigureAwait(false);
                var size = (long)(await ScalarAsync(connection, SizeSql(schema), cancellationToken).ConfigureAwait(false))!;
                CompactRange edge;
                var read = new NpgsqlCommand(EdgeSql(schema, size.ToString(System.Globalization.CultureInfo.InvariantCulture)), connection);
                await using (read.ConfigureAwait(false))
                {
                    var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        edge = await ReadEdgeAsync(reader, size, schema, cancellationToken).ConfigureAwait(false);
                    }
                }

                var start = size;
                while (true)
                {
                    var leaves = new List<byte[]>(Slice);
                    var slice = new NpgsqlCommand(
                        $"""
                        select c.position, e.type, e.data, e.stream_id, e.version, e.headers
                        from {schema}.{ChainLinks.Table} c left join {schema}.mt_events e on e.id = c.event_id
                        where c.position > $1 order by c.position limit {Slice}
                        """,
                        connection) { CommandTimeout = 0, Parameters = { new() { Value = edge.Size } } };
                    await using (slice.ConfigureAwait(false))
                    {
                        var reader = await slice.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                        await using (reader.ConfigureAwait(false))
                        {
                            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                            {
                                var position = reader.GetInt64(0);
                                var canonical = position != edge.Size + leaves.Count + 1 || reader.IsDBNull(1) ? null
                                    : ChainHasher.CanonicalOfStored(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetString(5));
                                leaves.Add(canonical is null
                                    ? throw new InvalidOperationException($"the Merkle tree cannot be built past position {edge.Size + leaves.Count}: the chain is broken there; run `accessledger verify`.")
                                    : MerkleHash.Leaf(canonical));
                            }
                        }
                    }

                    if (leaves.Count == 0)
                    {
                        break;
                    }

                    var (levels, indexes, hashes) = Append(edge, leaves);
                    var writer = await connection.BeginBinaryImportAsync($"copy {schema}.{Table} (level, idx, hash) from stdin (format binary)", cancellationToken).ConfigureAwait(false);
                    await using (writer.ConfigureAwait(false))
                    {
                        for (var i = 0; i < levels.Count; i++)
                        {
                            await writer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                            await writer.WriteAsync(levels[i], NpgsqlTypes.NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                            await writer.WriteAsync(indexes[i], NpgsqlTypes.NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                            await writer.WriteAsync(hashes[i], NpgsqlTypes.NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
                        }

                        await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return edge.Size - start;
            }
        }
    }

    /// <summary>Whether the chain holds events the tree does not (a ledger written before the tree was kept).</summary>
    public static string BehindSql(string schema) =>
        $"select coalesce((select max(position) from {schema}.{ChainLinks.Table}), 0) > ({SizeSql(schema)})";

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, object parameter, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = parameter } } };
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(sql, connection);
        await using (command.ConfigureAwait(false))
        {
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Selects the hashes of <paramref name="nodes"/>, in their order (null where one is missing).</summary>
    public static NpgsqlBatchCommand NodesCommand(string schema, IReadOnlyList<NodeId> nodes) =>
        new($"""
            select m.hash from unnest($1::int[], $2::bigint[]) with ordinality as q(level, idx, ord)
            left join {schema}.{Table} m on m.level = q.level and m.idx = q.idx order by q.ord
            """)
        {
            Parameters = { new() { Value = nodes.Select(n => n.Level).ToArray() }, new() { Value = nodes.Select(n => n.Index).ToArray() } },
        };

    /// <summary>Reads the result of <see cref="NodesCommand"/> from a reader positioned before it.</summary>
    /// <exception cref="InvalidOperationException">A node is missing: the tree was never built, or was altered.</exception>
    public static async Task<Dictionary<NodeId, byte[]>> ReadNodesAsync(NpgsqlDataReader reader, string schema, IReadOnlyList<NodeId> nodes, CancellationToken cancellationToken)
    {
        var hashes = new Dictionary<NodeId, byte[]>(nodes.Count);
        for (var i = 0; i < nodes.Count && await reader.ReadAsync(cancellationToken).ConfigureAwait(false); i++)
        {
            hashes[nodes[i]] = reader.IsDBNull(0)
                ? throw new InvalidOperationException($"the Merkle tree ({schema}.{Table}) lacks the subtree {nodes[i]}: run `accessledger migrate` to build it, or `accessledger verify`.")
                : (byte[])reader[0];
        }

        return hashes;
    }

    /// <summary>The stored tree as a source of proofs: the subtrees asked for, in one round trip.</summary>
    /// <param name="dataSource">The ledger's database.</param>
    /// <param name="schema">The ledger's schema.</param>
    internal sealed class Source(NpgsqlDataSource dataSource, string schema) : IMerkleNodeSource
    {
        /// <inheritdoc />
        public async ValueTask<IReadOnlyList<byte[]>> GetNodesAsync(IReadOnlyList<NodeId> nodes, CancellationToken cancellationToken)
        {
            if (nodes.Count == 0)
            {
                return [];
            }

            var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var batch = new NpgsqlBatch(connection) { BatchCommands = { NodesCommand(schema, nodes) } };
                await using (batch.ConfigureAwait(false))
                {
                    var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        var hashes = await ReadNodesAsync(reader, schema, nodes, cancellationToken).ConfigureAwait(false);
                        return nodes.Select(n => hashes[n]).ToArray();
                    }
                }
            }
        }
    }

    /// <summary>Subtrees read beforehand (in the batch of other reads), as a source of proofs.</summary>
    internal sealed class Prefetched(IReadOnlyDictionary<NodeId, byte[]> hashes) : IMerkleNodeSource
    {
        /// <inheritdoc />
        public ValueTask<IReadOnlyList<byte[]>> GetNodesAsync(IReadOnlyList<NodeId> nodes, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<byte[]>>(nodes.Select(n => hashes[n]).ToArray());
    }
}

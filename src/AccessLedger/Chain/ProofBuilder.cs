using AccessLedger.Chain.Checkpoints;
using AccessLedger.Chain.Merkle;
using Npgsql;

namespace AccessLedger.Chain;

/// <summary>
/// Assembles proof bundles (docs/proofs.md) from the stored tree: the signed checkpoint of a size
/// (<see cref="CheckpointLog"/>), the canonical bytes of cited events read from <c>mt_events</c> and their inclusion
/// paths, and consistency paths from older sizes. Each part is one round trip; nothing here checks what it reads
/// (an event changed in the database gives bytes that no longer lead to the root, which the verifier names).
/// </summary>
/// <param name="dataSource">The ledger's database.</param>
/// <param name="schema">The ledger's schema.</param>
/// <param name="signer">The signing key, if any.</param>
/// <param name="time">The clock that stamps issued checkpoints.</param>
internal sealed class ProofBuilder(NpgsqlDataSource dataSource, string schema, CheckpointSigner? signer, TimeProvider time)
{
    private readonly CheckpointLog _log = new(dataSource, schema);
    private readonly MerkleNodes.Source _tree = new(dataSource, schema);

    /// <summary>
    /// The bundle proving the events at <paramref name="positions"/> in the tree of the first <paramref name="size"/>
    /// events. One round trip reads the kept checkpoint, the events' canonical bytes and every subtree of their paths
    /// and of the root; a second signs and keeps a checkpoint when this size has none by this key yet.
    /// </summary>
    public async Task<ProofBundle> ForEventsAsync(long size, IEnumerable<long> positions, CancellationToken cancellationToken)
    {
        var cited = positions.Distinct().Order().ToArray();
        var nodes = cited.SelectMany(p => MerkleProofs.InclusionPlan(p - 1, size)).Append(new LeafRange(0, size))
            .Where(r => r.End > r.Start).SelectMany(r => r.Subtrees()).Distinct().ToArray();
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        string? kept;
        byte[][] canonical;
        MerkleNodes.Prefetched tree;
        await using (connection.ConfigureAwait(false))
        {
            var batch = new NpgsqlBatch(connection) { BatchCommands = { _log.KeptCommand(size, signer), CanonicalCommand(cited), MerkleNodes.NodesCommand(schema, nodes) } };
            await using (batch.ConfigureAwait(false))
            {
                // Prepared once per physical connection (Npgsql keeps it across pooled uses), as a decision's batch is.
                await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
                var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    kept = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? reader.GetString(0) : null;
                    await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                    canonical = await ReadCanonicalAsync(reader, cited, cancellationToken).ConfigureAwait(false);
                    await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                    tree = new MerkleNodes.Prefetched(await MerkleNodes.ReadNodesAsync(reader, schema, nodes, cancellationToken).ConfigureAwait(false));
                }
            }
        }

        var checkpoint = kept ?? await _log.IssueAsync(size, () => MerkleProofs.RootAsync(tree, size, cancellationToken), signer, time, cancellationToken).ConfigureAwait(false);
        var paths = await MerkleProofs.InclusionProofsAsync(tree, cited.Select(p => p - 1).ToArray(), size, cancellationToken).ConfigureAwait(false);
        return new ProofBundle(checkpoint, cited.Select((p, i) => new CitedLeaf(p - 1, canonical[i], paths[i])).ToList(), []);
    }

    /// <summary>The bundle of the head's checkpoint with the consistency path to it from the checkpoint of the first <paramref name="fromSize"/> events.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fromSize"/> is negative or beyond the head.</exception>
    public async Task<ProofBundle> ConsistencyAsync(long fromSize, CancellationToken cancellationToken)
    {
        var size = await _log.HeadSizeAsync(cancellationToken).ConfigureAwait(false);
        if (fromSize < 0 || fromSize > size)
        {
            throw new ArgumentOutOfRangeException(nameof(fromSize), fromSize, $"the ledger holds {size} events; a consistency proof starts from a size from 0 to {size}.");
        }

        var checkpoint = await _log.AtAsync(size, signer, time, cancellationToken).ConfigureAwait(false);
        var older = await _log.AtAsync(fromSize, signer, time, cancellationToken).ConfigureAwait(false);
        var path = await MerkleProofs.ConsistencyProofAsync(_tree, fromSize, size, cancellationToken).ConfigureAwait(false);
        return new ProofBundle(checkpoint, [], [new OlderCheckpoint(older, path)]);
    }

    /// <summary>
    /// Writes what an auditor carries away of the ledger as known at <paramref name="knownAt"/> into
    /// <paramref name="directory"/> (docs/proofs.md, "Export"): <c>events.ndjson</c>, the canonical bytes of every event
    /// recorded by then, one a line in position order (each line is leaf line − 1 of the tree); <c>checkpoint.txt</c>,
    /// the signed checkpoint of those events; <c>consistency.json</c>, the bundle proving the head's checkpoint grew
    /// from it.
    /// </summary>
    /// <returns>The number of events written.</returns>
    public async Task<long> ExportAsync(DateTimeOffset knownAt, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // One snapshot for the events and the size they make: recordedAt never decreases along the chain.
            var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var read = new NpgsqlCommand(
                    $"""
                    select c.position, e.type, e.data, e.stream_id, e.version, e.headers
                    from {schema}.{ChainLinks.Table} c
                    join {schema}.mt_events e on e.stream_id = c.stream and e.version = c.version and e.id = c.event_id
                    where c.recorded_at <= $1 order by c.position
                    """,
                    connection,
                    transaction) { CommandTimeout = 0, Parameters = { new() { Value = knownAt } } };
                long size = 0;
                await using (read.ConfigureAwait(false))
                {
                    var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        var file = File.Create(Path.Combine(directory, "events.ndjson"));
                        await using (file.ConfigureAwait(false))
                        {
                            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                            {
                                var position = reader.GetInt64(0);
                                var canonical = position == size + 1
                                    ? ChainHasher.CanonicalOfStored(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetString(5))
                                    : null;
                                await file.WriteAsync(canonical ?? throw new InvalidOperationException($"the chain is broken at position {size + 1}: run `accessledger verify`."), cancellationToken).ConfigureAwait(false);
                                file.WriteByte((byte)'\n');
                                size = position;
                            }
                        }
                    }
                }

                await File.WriteAllTextAsync(Path.Combine(directory, "checkpoint.txt"), await _log.AtAsync(size, signer, time, cancellationToken).ConfigureAwait(false), NoteText.Utf8, cancellationToken).ConfigureAwait(false);
                await File.WriteAllBytesAsync(Path.Combine(directory, "consistency.json"), (await ConsistencyAsync(size, cancellationToken).ConfigureAwait(false)).ToJson(), cancellationToken).ConfigureAwait(false);
                return size;
            }
        }
    }

    /// <summary>Selects the stored events at the positions: position, type, data, stream, version, headers (by the events' stream and version index).</summary>
    private NpgsqlBatchCommand CanonicalCommand(long[] positions) =>
        new($"""
            select c.position, e.type, e.data, e.stream_id, e.version, e.headers
            from {schema}.{ChainLinks.Table} c
            join {schema}.mt_events e on e.stream_id = c.stream and e.version = c.version and e.id = c.event_id
            where c.position = any($1)
            """)
        {
            Parameters = { new() { Value = positions } },
        };

    /// <summary>The canonical bytes of the events at <paramref name="positions"/>, in their order, from the result of <see cref="CanonicalCommand"/>.</summary>
    private static async Task<byte[][]> ReadCanonicalAsync(NpgsqlDataReader reader, long[] positions, CancellationToken cancellationToken)
    {
        var found = new Dictionary<long, byte[]>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            found[reader.GetInt64(0)] = ChainHasher.CanonicalOfStored(reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetString(5)) ?? [];
        }

        return positions.Select(p => found.TryGetValue(p, out var bytes)
            ? bytes
            : throw new InvalidOperationException($"the event at position {p} is not in the ledger's tables: run `accessledger verify`.")).ToArray();
    }
}

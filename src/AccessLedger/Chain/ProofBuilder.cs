using AccessLedger.Chain.Checkpoints;
using AccessLedger.Chain.Merkle;
using Npgsql;

namespace AccessLedger.Chain;

/// <summary>
/// Assembles proof bundles (docs/proofs.md) from the stored tree: the signed checkpoint of a size
/// (<see cref="CheckpointLog"/>), the canonical bytes of cited events read from <c>mt_events</c> and their inclusion
/// paths, and consistency paths from older sizes. What it read once is served from the ledger's
/// <see cref="ProofCache"/>, so a proof reads only the pieces it has not seen, in one round trip, and none when it has
/// seen them all. Nothing here checks what it reads (an event changed in the database gives bytes that no longer lead
/// to the root, which the verifier names).
/// </summary>
/// <param name="dataSource">The ledger's database.</param>
/// <param name="schema">The ledger's schema.</param>
/// <param name="signer">The signing key, if any.</param>
/// <param name="time">The clock that stamps issued checkpoints.</param>
/// <param name="cache">The ledger's cache of what proofs read.</param>
internal sealed class ProofBuilder(NpgsqlDataSource dataSource, string schema, CheckpointSigner? signer, TimeProvider time, ProofCache cache)
{
    private readonly CheckpointLog _log = new(dataSource, schema);
    private readonly CachedNodes _tree = new(new MerkleNodes.Source(dataSource, schema), cache);

    /// <summary>The number of events the chain holds (one round trip).</summary>
    public Task<long> HeadSizeAsync(CancellationToken cancellationToken) => _log.HeadSizeAsync(cancellationToken);

    /// <summary>
    /// The signed checkpoint of the first <paramref name="size"/> events (<see cref="CheckpointLog.AtAsync"/>); with a
    /// signer, from the cache once read or issued, and issued once for all callers asking at the same time.
    /// </summary>
    public Task<string> CheckpointAsync(long size, CancellationToken cancellationToken) =>
        signer is null
            ? _log.AtAsync(size, signer, time, cancellationToken)
            : cache.IssueOnceAsync(KeyOf(size), () => _log.AtAsync(size, signer, time, CancellationToken.None), cancellationToken);

    /// <summary>
    /// The bundle proving the events at <paramref name="positions"/> in the tree of the first <paramref name="size"/>
    /// events. The kept checkpoint, the events' canonical bytes and every subtree of their paths and of the root come
    /// from the cache; what it lacks is read in one round trip; a checkpoint this size has none of by this key yet is
    /// signed and kept once.
    /// </summary>
    public async Task<ProofBundle> ForEventsAsync(long size, IEnumerable<long> positions, CancellationToken cancellationToken)
    {
        var cited = positions.Distinct().Order().ToArray();
        var nodes = cited.SelectMany(p => MerkleProofs.InclusionPlan(p - 1, size)).Append(new LeafRange(0, size))
            .Where(r => r.End > r.Start).SelectMany(r => r.Subtrees()).Distinct().ToArray();
        string? kept = null;
        var hashes = new Dictionary<NodeId, byte[]>(nodes.Length);
        var canonical = new Dictionary<long, byte[]>(cited.Length);
        var lookForKept = signer is null || !cache.Checkpoints.TryGet(KeyOf(size), out kept);
        var missingNodes = nodes.Where(n => !Found(cache.Nodes, n, hashes)).ToArray();
        var missingEvents = cited.Where(p => !Found(cache.Canonical, p, canonical)).ToArray();
        if (lookForKept || missingNodes.Length > 0 || missingEvents.Length > 0)
        {
            kept = await ReadAsync(size, lookForKept, missingEvents, missingNodes, canonical, hashes, cancellationToken).ConfigureAwait(false) ?? kept;
        }

        var tree = new MerkleNodes.Prefetched(hashes);
        Task<string> Issue() => _log.IssueAsync(size, () => MerkleProofs.RootAsync(tree, size, CancellationToken.None), signer, time, CancellationToken.None);
        if (signer is not null && kept is not null)
        {
            cache.Checkpoints.Add(KeyOf(size), kept);
        }

        var checkpoint = kept ?? await (signer is null ? Issue() : cache.IssueOnceAsync(KeyOf(size), Issue, cancellationToken)).ConfigureAwait(false);
        var paths = await MerkleProofs.InclusionProofsAsync(tree, cited.Select(p => p - 1).ToArray(), size, cancellationToken).ConfigureAwait(false);
        return new ProofBundle(checkpoint, cited.Select((p, i) => new CitedLeaf(p - 1, canonical[p], paths[i])).ToList(), []);
    }

    /// <summary>The bundle of the head's checkpoint with the consistency path to it from the checkpoint of the first <paramref name="fromSize"/> events.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fromSize"/> is negative or beyond the head.</exception>
    public async Task<ProofBundle> ConsistencyAsync(long fromSize, CancellationToken cancellationToken)
    {
        var size = await HeadSizeAsync(cancellationToken).ConfigureAwait(false);
        if (fromSize < 0 || fromSize > size)
        {
            throw new ArgumentOutOfRangeException(nameof(fromSize), fromSize, $"the ledger holds {size} events; a consistency proof starts from a size from 0 to {size}.");
        }

        var checkpoint = await CheckpointAsync(size, cancellationToken).ConfigureAwait(false);
        var older = await CheckpointAsync(fromSize, cancellationToken).ConfigureAwait(false);
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

                await File.WriteAllTextAsync(Path.Combine(directory, "checkpoint.txt"), await CheckpointAsync(size, cancellationToken).ConfigureAwait(false), NoteText.Utf8, cancellationToken).ConfigureAwait(false);
                await File.WriteAllBytesAsync(Path.Combine(directory, "consistency.json"), (await ConsistencyAsync(size, cancellationToken).ConfigureAwait(false)).ToJson(), cancellationToken).ConfigureAwait(false);
                return size;
            }
        }
    }

    private static bool Found<TKey>(ProofCache.BoundedMap<TKey, byte[]> map, TKey key, Dictionary<TKey, byte[]> found)
        where TKey : notnull
    {
        if (map.TryGet(key, out var value))
        {
            found[key] = value;
            return true;
        }

        return false;
    }

    private CheckpointKey KeyOf(long size) => new(signer!.Name, signer.VerifierKey.KeyId, size);

    /// <summary>
    /// Reads, in one round trip, the checkpoint kept for <paramref name="size"/> (when <paramref name="kept"/>), the
    /// canonical bytes of the events at <paramref name="positions"/> and the hashes of <paramref name="nodes"/> into
    /// <paramref name="canonical"/> and <paramref name="hashes"/>, and keeps them in the cache.
    /// </summary>
    /// <returns>The kept checkpoint, if asked for and found.</returns>
    /// <exception cref="InvalidOperationException">An event or a subtree is not in the ledger's tables.</exception>
    private async Task<string?> ReadAsync(
        long size, bool kept, long[] positions, NodeId[] nodes, Dictionary<long, byte[]> canonical, Dictionary<NodeId, byte[]> hashes, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var batch = new NpgsqlBatch(connection);
            await using (batch.ConfigureAwait(false))
            {
                if (kept)
                {
                    batch.BatchCommands.Add(_log.KeptCommand(size, signer));
                }

                if (positions.Length > 0 || nodes.Length > 0)
                {
                    batch.BatchCommands.Add(PiecesCommand(positions, nodes));
                }

                // Prepared once per physical connection (Npgsql keeps it across pooled uses), as a decision's batch is.
                await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
                var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    string? note = null;
                    if (kept)
                    {
                        note = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? reader.GetString(0) : null;
                        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                    }

                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        if (reader.GetInt32(0) == 0)
                        {
                            var position = reader.GetInt64(1);
                            var bytes = ChainHasher.CanonicalOfStored(reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt64(5), reader.GetString(6)) ?? [];
                            canonical[position] = bytes;
                            cache.Canonical.Add(position, bytes);
                        }
                        else
                        {
                            var node = nodes[reader.GetInt64(1) - 1];
                            var hash = reader.IsDBNull(7)
                                ? throw new InvalidOperationException($"the Merkle tree ({schema}.{MerkleNodes.Table}) lacks the subtree {node}: run `accessledger migrate` to build it, or `accessledger verify`.")
                                : (byte[])reader[7];
                            hashes[node] = hash;
                            cache.Nodes.Add(node, hash);
                        }
                    }

                    if (positions.FirstOrDefault(p => !canonical.ContainsKey(p)) is var lost and > 0)
                    {
                        throw new InvalidOperationException($"the event at position {lost} is not in the ledger's tables: run `accessledger verify`.");
                    }

                    return note;
                }
            }
        }
    }

    /// <summary>
    /// Selects, in one statement, the stored events at <paramref name="positions"/> (0, position, type, data, stream,
    /// version, headers) and the hashes of <paramref name="nodes"/> (1, their ordinal from 1, nulls, hash; a null hash
    /// where one is missing), each by its index.
    /// </summary>
    private NpgsqlBatchCommand PiecesCommand(long[] positions, NodeId[] nodes) =>
        new($"""
            select 0 as part, c.position as key, e.type, e.data, e.stream_id, e.version, e.headers, null::bytea as hash
            from {schema}.{ChainLinks.Table} c
            join {schema}.mt_events e on e.stream_id = c.stream and e.version = c.version and e.id = c.event_id
            where c.position = any($1)
            union all
            select 1, q.ord, null, null, null, null, null, m.hash
            from unnest($2::int[], $3::bigint[]) with ordinality as q(level, idx, ord)
            left join {schema}.{MerkleNodes.Table} m on m.level = q.level and m.idx = q.idx
            """)
        {
            Parameters =
            {
                new() { Value = positions },
                new() { Value = nodes.Select(n => n.Level).ToArray() },
                new() { Value = nodes.Select(n => n.Index).ToArray() },
            },
        };

    /// <summary>The stored tree through the cache: the subtrees it holds from memory, the others in one round trip, then kept.</summary>
    private sealed class CachedNodes(IMerkleNodeSource store, ProofCache cache) : IMerkleNodeSource
    {
        /// <inheritdoc />
        public async ValueTask<IReadOnlyList<byte[]>> GetNodesAsync(IReadOnlyList<NodeId> nodes, CancellationToken cancellationToken)
        {
            var found = new Dictionary<NodeId, byte[]>(nodes.Count);
            var missing = nodes.Where(n => !Found(cache.Nodes, n, found)).Distinct().ToArray();
            var read = await store.GetNodesAsync(missing, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < missing.Length; i++)
            {
                found[missing[i]] = read[i];
                cache.Nodes.Add(missing[i], read[i]);
            }

            return nodes.Select(n => found[n]).ToArray();
        }
    }
}

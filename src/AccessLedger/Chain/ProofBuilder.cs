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

    /// <summary>The bundle proving the events at <paramref name="positions"/> in the tree of the first <paramref name="size"/> events.</summary>
    public async Task<ProofBundle> ForEventsAsync(long size, IEnumerable<long> positions, CancellationToken cancellationToken)
    {
        var cited = positions.Distinct().Order().ToArray();
        var checkpoint = await _log.AtAsync(size, signer, time, cancellationToken).ConfigureAwait(false);
        var canonical = await CanonicalAsync(cited, cancellationToken).ConfigureAwait(false);
        var paths = await MerkleProofs.InclusionProofsAsync(_tree, cited.Select(p => p - 1).ToArray(), size, cancellationToken).ConfigureAwait(false);
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

    /// <summary>The canonical bytes of the events at <paramref name="positions"/>, in their order.</summary>
    private async Task<byte[][]> CanonicalAsync(long[] positions, CancellationToken cancellationToken)
    {
        var command = dataSource.CreateCommand(
            $"""
            select c.position, e.type, e.data, e.stream_id, e.version, e.headers
            from {schema}.{ChainLinks.Table} c join {schema}.mt_events e on e.id = c.event_id
            where c.position = any($1)
            """);
        command.Parameters.Add(new() { Value = positions });
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
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
    }
}

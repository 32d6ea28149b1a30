using AccessLedger.Chain.Checkpoints;
using AccessLedger.Chain.Merkle;
using Npgsql;
using Weasel.Postgresql.Tables;

namespace AccessLedger.Chain;

/// <summary>
/// The signed checkpoints the ledger issued (<c>al_checkpoint</c>, docs/proofs.md), kept as issued: one row per
/// tree size and key, holding the signed note, its root and when it was issued. The key itself is never stored:
/// it comes from configuration (<see cref="Ledger.CheckpointSigner"/>). Append-only under <see cref="ChainGuard"/>.
/// A checkpoint can be issued at any size the tree holds (its root is read from the tree's subtrees), so an answer's
/// proof is signed at the very head the answer was computed at.
/// </summary>
/// <param name="dataSource">The ledger's database.</param>
/// <param name="schema">The ledger's schema.</param>
internal sealed class CheckpointLog(NpgsqlDataSource dataSource, string schema)
{
    /// <summary>The table's name.</summary>
    public const string Table = "al_checkpoint";

    /// <summary>The table's definition, for Marten's schema management.</summary>
    public static Table Definition(string schema)
    {
        var table = new Table(new Weasel.Postgresql.PostgresqlObjectName(schema, Table, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("origin").AsPrimaryKey();
        table.AddColumn<long>("key_id").AsPrimaryKey();
        table.AddColumn<long>("size").AsPrimaryKey();
        table.AddColumn("root", "bytea").NotNull();
        table.AddColumn<string>("note").NotNull();
        table.AddColumn("issued_at", "timestamptz").NotNull();
        return table;
    }

    /// <summary>The number of events the chain holds.</summary>
    public async Task<long> HeadSizeAsync(CancellationToken cancellationToken)
    {
        var command = dataSource.CreateCommand($"select coalesce((select position from {schema}.{ChainLinks.Table} order by position desc limit 1), 0)");
        await using (command.ConfigureAwait(false))
        {
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
    }

    /// <summary>
    /// The signed checkpoint of the first <paramref name="size"/> events: the one kept for this size and key, or,
    /// with <paramref name="signer"/>, a new one (its root read from the tree), kept before it is returned. Without a
    /// signer, the last one issued for this size by any key.
    /// </summary>
    /// <exception cref="CheckpointKeyException">No checkpoint was issued for this size and there is no key to sign one (<see cref="CheckpointKeyException.Missing"/>).</exception>
    public async Task<string> AtAsync(long size, CheckpointSigner? signer, TimeProvider time, CancellationToken cancellationToken)
    {
        var kept = KeptCommand(size, signer);
        var batch = new NpgsqlBatch { BatchCommands = { kept } };
        await using (batch.ConfigureAwait(false))
        {
            var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                batch.Connection = connection;
                if (await batch.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string note)
                {
                    return note;
                }
            }
        }

        return await IssueAsync(size, () => MerkleProofs.RootAsync(new MerkleNodes.Source(dataSource, schema), size, cancellationToken), signer, time, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Selects the note kept for <paramref name="size"/> and this key (any key without one): one row or none.</summary>
    public NpgsqlBatchCommand KeptCommand(long size, CheckpointSigner? signer) =>
        new($"select note from {schema}.{Table} where size = $1 and ($2::text is null or (origin = $2 and key_id = $3)) order by issued_at desc limit 1")
        {
            Parameters =
            {
                new() { Value = size },
                new() { Value = (object?)signer?.Name ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text },
                new() { Value = (long)(signer?.VerifierKey.KeyId ?? 0) },
            },
        };

    /// <summary>Signs the checkpoint of <paramref name="size"/> events and <paramref name="root"/>'s root and keeps it.</summary>
    /// <exception cref="CheckpointKeyException"><paramref name="signer"/> is null.</exception>
    public async Task<string> IssueAsync(long size, Func<ValueTask<byte[]>> root, CheckpointSigner? signer, TimeProvider time, CancellationToken cancellationToken)
    {
        if (signer is null)
        {
            throw new CheckpointKeyException(CheckpointKeyException.Missing,
                $"no checkpoint was issued for the ledger's {size} events, and the ledger has no signing key to issue one: set --signing-key FILE or {CheckpointSigner.DefaultVariable} (AccessLedgerOptions.CheckpointKeyFile when embedded).");
        }

        var hash = await root().ConfigureAwait(false);
        var signed = signer.Sign(new Checkpoint(signer.Name, size, hash));
        var insert = dataSource.CreateCommand(
            $"insert into {schema}.{Table} (origin, key_id, size, root, note, issued_at) values ($1, $2, $3, $4, $5, $6) on conflict do nothing");
        insert.Parameters.Add(new() { Value = signer.Name });
        insert.Parameters.Add(new() { Value = (long)signer.VerifierKey.KeyId });
        insert.Parameters.Add(new() { Value = size });
        insert.Parameters.Add(new() { Value = hash });
        insert.Parameters.Add(new() { Value = signed });
        insert.Parameters.Add(new() { Value = time.GetUtcNow() });
        await using (insert.ConfigureAwait(false))
        {
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // Ed25519 is deterministic: a checkpoint another caller issued for this size and key at the same time is this one.
        return signed;
    }
}

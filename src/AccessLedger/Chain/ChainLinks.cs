using Npgsql;
using Weasel.Postgresql.Tables;

namespace AccessLedger.Chain;

/// <summary>The chain's head: its last position, hash and recording instant (genesis before the first event).</summary>
/// <param name="Position">The last position (0: empty ledger).</param>
/// <param name="Hash">Its chain hash (the genesis hash for an empty ledger).</param>
/// <param name="RecordedAt">When it was recorded (<see cref="DateTimeOffset.MinValue"/> for an empty ledger).</param>
internal readonly record struct ChainHead(long Position, byte[] Hash, DateTimeOffset RecordedAt);

/// <summary>
/// The table of chain links (<c>al_chain</c>): one row per event, in ledger order, holding its position, stream
/// version, recording instant, hash and the previous hash, and the commandId and payload hash that make a write
/// idempotent. docs/tamper-evidence.md describes what the hash covers; <see cref="ChainGuard"/> keeps the table
/// append-only.
/// </summary>
internal static class ChainLinks
{
    /// <summary>The table's name.</summary>
    public const string Table = "al_chain";

    /// <summary>The table's definition, for Marten's schema management.</summary>
    public static Table Definition(string schema)
    {
        var chain = new Table(new Weasel.Postgresql.PostgresqlObjectName(schema, Table, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        chain.AddColumn<long>("position").AsPrimaryKey();
        chain.AddColumn<Guid>("event_id").NotNull();
        chain.AddColumn<string>("stream").NotNull();
        chain.AddColumn<long>("version").NotNull();
        chain.AddColumn("recorded_at", "timestamptz").NotNull();
        chain.AddColumn("hash", "bytea").NotNull();
        chain.AddColumn("previous_hash", "bytea");
        chain.AddColumn<string>("command_id").NotNull();
        chain.AddColumn<string>("payload_hash").NotNull();
        chain.Indexes.Add(new IndexDefinition("al_chain_event_id") { Columns = ["event_id"], IsUnique = true });
        chain.Indexes.Add(new IndexDefinition("al_chain_command_id") { Columns = ["command_id"], IsUnique = true });
        chain.Indexes.Add(new IndexDefinition("al_chain_recorded_at") { Columns = ["recorded_at"] });
        chain.Indexes.Add(new IndexDefinition("al_chain_stream") { Columns = ["stream", "version"] });
        return chain;
    }

    /// <summary>Selects the head: position, hash, recorded_at (no row for an empty ledger).</summary>
    public static string HeadSql(string schema) => $"select position, hash, recorded_at from {schema}.{Table} order by position desc limit 1";

    /// <summary>Reads the head from a reader positioned before the result of <see cref="HeadSql"/>.</summary>
    public static async Task<ChainHead> ReadHeadAsync(NpgsqlDataReader reader, CancellationToken cancellationToken) =>
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new ChainHead(reader.GetInt64(0), (byte[])reader[1], reader.GetFieldValue<DateTimeOffset>(2))
            : new ChainHead(0, ChainHasher.Genesis.ToArray(), DateTimeOffset.MinValue);

    /// <summary>Queues one statement that inserts the links of the accepted events (in the batch of the events themselves).</summary>
    public static void Queue(Marten.IDocumentOperations operations, string schema, IReadOnlyList<Writes.WriteJudge.Accepted> accepted, IReadOnlyList<Guid> eventIds) =>
        operations.QueueSqlCommand(
            $"insert into {schema}.{Table} (position, event_id, stream, version, recorded_at, hash, previous_hash, command_id, payload_hash) " +
            "select * from unnest(?::bigint[], ?::uuid[], ?::text[], ?::bigint[], ?::timestamptz[], ?::bytea[], ?::bytea[], ?::text[], ?::text[])",
            accepted.Select(a => a.Ref.Position).ToArray(),
            eventIds.ToArray(),
            accepted.Select(a => a.Ref.Stream).ToArray(),
            accepted.Select(a => a.Ref.Version).ToArray(),
            accepted.Select(a => a.Ref.RecordedAt).ToArray(),
            accepted.Select(a => a.Hash).ToArray(),
            accepted.Select(a => a.Previous).ToArray(),
            accepted.Select(a => a.Command.CommandId).ToArray(),
            accepted.Select(a => a.Command.PayloadHash).ToArray());
}

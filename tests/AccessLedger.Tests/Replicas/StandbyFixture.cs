using AccessLedger.LocalPostgres;
using AccessLedger.Storage;
using AccessLedger.Tests.Infrastructure;
using Marten;
using Npgsql;

namespace AccessLedger.Tests.Replicas;

/// <summary>A primary and a streaming hot standby of it (eng/LocalPostgres), for one test class.</summary>
public sealed class StandbyFixture : IAsyncLifetime
{
    private PostgresServer? _primary;
    private PostgresServer? _standby;

    /// <summary>The standby's data source, for ledgers and for the tests' own checks.</summary>
    public NpgsqlDataSource Standby { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        (_primary, _standby) = await PostgresServer.StartPrimaryAndStandbyAsync(Console.Error.WriteLine);
        Standby = NpgsqlDataSource.Create(_standby.ConnectionString);
    }

    /// <summary>A ledger on the primary in a fresh schema, reading decisions and audits on the standby.</summary>
    public async Task<(Ledger Ledger, IDocumentStore Store)> NewLedgerAsync(TimeSpan replicaWait)
    {
        var store = LedgerSchema.CreateStore(_primary!.ConnectionString, TestDatabase.UniqueSchema("standby"));
        var ledger = new Ledger(store, new LedgerOptions { Time = TestDatabase.Clock(), ReadReplica = Standby, ReplicaWait = replicaWait });
        await ledger.EnsureSchemaAsync();
        return (ledger, store);
    }

    /// <summary>Waits until the standby has replayed position <paramref name="position"/> of the ledger in <paramref name="schema"/>.</summary>
    public async Task ReplayedAsync(string schema, long position)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await HeadOnStandbyAsync(schema) < position)
        {
            await Task.Delay(10, deadline.Token);
        }
    }

    /// <summary>The ledger's head position as the standby has it (0 before the schema's tables were replayed).</summary>
    public async Task<long> HeadOnStandbyAsync(string schema)
    {
        await using var command = Standby.CreateCommand($"select coalesce(max(position), 0) from {schema}.al_chain");
        try
        {
            return (long)(await command.ExecuteScalarAsync())!;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0;
        }
    }

    /// <summary>Stops (true) or resumes (false) the standby's replay of the primary's WAL: it keeps receiving, it stops applying.</summary>
    public async Task PauseReplayAsync(bool pause)
    {
        await using var command = Standby.CreateCommand(pause ? "select pg_wal_replay_pause()" : "select pg_wal_replay_resume()");
        await command.ExecuteNonQueryAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Standby.DisposeAsync();
        if (_standby is not null)
        {
            await _standby.DisposeAsync();
        }

        if (_primary is not null)
        {
            await _primary.DisposeAsync();
        }
    }
}

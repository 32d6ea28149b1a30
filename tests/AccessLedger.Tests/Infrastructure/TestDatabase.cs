using AccessLedger.LocalPostgres;
using Microsoft.Extensions.Time.Testing;

namespace AccessLedger.Tests.Infrastructure;

/// <summary>
/// The one PostgreSQL server of this test run (ACCESSLEDGER_TEST_CONNECTION, Testcontainers, or a throwaway
/// cluster: see <see cref="PostgresServer"/>). Each test class gets a schema of its own, so classes run in parallel.
/// </summary>
public static class TestDatabase
{
    private static readonly Lazy<Task<PostgresServer>> Server = new(() => PostgresServer.StartAsync(PostgresServer.TestVariable, Console.Error.WriteLine));

    /// <summary>The server's connection string; a missing database fails the test with what to install or set.</summary>
    public static async Task<string> ConnectionStringAsync() => (await Server.Value).ConnectionString;

    /// <summary>A schema name no other test class uses.</summary>
    public static string UniqueSchema(string prefix) => $"t_{prefix.ToLowerInvariant()}_{Guid.NewGuid():N}"[..40];

    /// <summary>A clock set after the scenario, so imported history is never in the future.</summary>
    public static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
}

/// <summary>A ledger in a fresh schema for one test class.</summary>
public sealed class LedgerFixture : IAsyncLifetime
{
    /// <summary>The class's clock.</summary>
    public FakeTimeProvider Clock { get; } = TestDatabase.Clock();

    /// <summary>The class's ledger.</summary>
    public Ledger Ledger { get; private set; } = null!;

    /// <summary>The connection string of the server.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        ConnectionString = await TestDatabase.ConnectionStringAsync();
        Ledger = Ledger.Create(ConnectionString, TestDatabase.UniqueSchema("ledger"), Clock);
        await Ledger.EnsureSchemaAsync();
    }

    /// <summary>A further ledger in a schema of its own, for tests that need an empty one.</summary>
    public async Task<Ledger> NewLedgerAsync(TimeProvider? clock = null)
    {
        var ledger = Ledger.Create(ConnectionString, TestDatabase.UniqueSchema("ledger"), clock ?? Clock);
        await ledger.EnsureSchemaAsync();
        return ledger;
    }

    /// <inheritdoc />
    public async Task DisposeAsync() => await Ledger.DisposeAsync();
}

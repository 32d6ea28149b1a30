using AccessLedger.Chain;
using AccessLedger.Events;
using AccessLedger.Storage;
using AccessLedger.Tests.Infrastructure;
using AccessLedger.Wire;
using Npgsql;
using Shouldly;

namespace AccessLedger.Tests.Bugs;

/// <summary>
/// Issue 12, finding 5: a schema migrated with Marten's own tools had no append-only guard and the ledger wrote
/// unguarded; every command ran DDL, a read included, so a read-only check with a mistyped schema created one.
/// </summary>
public sealed class Bug_12_guard_exists_however_made(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    private static readonly DateTimeOffset June = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    [Fact]
    public async Task a_schema_made_by_martens_own_apply_has_the_guard()
    {
        var schema = TestDatabase.UniqueSchema("dbapply");
        await using var store = LedgerSchema.CreateStore(fixture.ConnectionString, schema);

        // What Marten's `db-apply` runs.
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await using var ledger = new Ledger(store, TimeProvider.System);
        await ledger.RecordAsync(new LedgerCommand(new OrganizationRegistered("gridco", "GridCo", "US", UsPerson: true, June)));

        var refused = await Should.ThrowAsync<PostgresException>(() => ScalarAsync($"update {schema}.mt_events set data = '{{}}'"));
        refused.SqlState.ShouldBe(ChainGuard.RewriteRefused);
    }

    [Fact]
    public async Task the_ledger_refuses_to_write_where_the_guard_is_missing_and_migrate_restores_it()
    {
        var ledger = await fixture.NewLedgerAsync(TimeProvider.System);
        await ScalarAsync($"drop trigger al_link_extends_head on {ledger.Schema}.al_chain");

        var refused = await Should.ThrowAsync<InvalidOperationException>(() => ledger.RecordAsync(new LedgerCommand(new OrganizationRegistered("gridco", "GridCo", "US", UsPerson: true, June))));

        refused.Message.ShouldContain("al_chain.al_link_extends_head");
        refused.Message.ShouldContain("accessledger migrate");
        (await ledger.GetHeadAsync()).Position.ShouldBe(0);
        await ledger.EnsureSchemaAsync();
        (await ledger.RecordAsync(new LedgerCommand(new OrganizationRegistered("gridco", "GridCo", "US", UsPerson: true, June)))).Position.ShouldBe(1);
    }

    [Fact]
    public async Task a_disabled_trigger_counts_as_missing()
    {
        var ledger = await fixture.NewLedgerAsync(TimeProvider.System);
        await ScalarAsync($"alter table {ledger.Schema}.mt_events disable trigger al_event_is_chained");

        await Should.ThrowAsync<InvalidOperationException>(() => ledger.RecordAsync(new LedgerCommand(new OrganizationRegistered("gridco", "GridCo", "US", UsPerson: true, June))));
    }

    [Fact]
    public async Task reads_never_create_a_schema()
    {
        var schema = TestDatabase.UniqueSchema("absent");
        await using var ledger = Ledger.Create(fixture.ConnectionString, schema, TimeProvider.System);

        await Should.ThrowAsync<PostgresException>(() => ledger.GetHeadAsync());
        await Should.ThrowAsync<Exception>(() => ledger.DecideAsync("mythos-5", AccessLedger.Decisions.Subject.Person("lena"), June));

        (await ScalarAsync($"select count(*) from pg_namespace where nspname = '{schema}'")).ShouldBe(0L);
    }

    [Fact]
    public void a_schema_name_with_a_trailing_newline_is_refused() =>
        Should.Throw<ArgumentException>(() => Ledger.Create(fixture.ConnectionString, "smoke\n")).Message.ShouldContain("not a plain PostgreSQL name");
}

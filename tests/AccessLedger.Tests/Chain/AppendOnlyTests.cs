using AccessLedger.Events;
using AccessLedger.Tests.Infrastructure;
using AccessLedger.Wire;
using Marten;
using Npgsql;
using Shouldly;

namespace AccessLedger.Tests.Chain;

/// <summary>PostgreSQL itself refuses to rewrite the ledger, and a write cut off midway leaves nothing.</summary>
public sealed class AppendOnlyTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    [Theory]
    [InlineData("update {s}.mt_events set data = '{}'")]
    [InlineData("delete from {s}.mt_events")]
    [InlineData("truncate {s}.mt_events cascade")]
    [InlineData("update {s}.al_chain set hash = '\\x00'")]
    [InlineData("delete from {s}.al_chain")]
    [InlineData("truncate {s}.al_chain")]
    public async Task update_and_delete_through_an_ordinary_connection_are_refused(string sql)
    {
        var ledger = await fixture.NewLedgerAsync();
        await ledger.RecordBatchAsync(Infrastructure.Scenario.Commands());
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();

        var error = await Should.ThrowAsync<PostgresException>(async () =>
        {
            await using var command = new NpgsqlCommand(sql.Replace("{s}", ledger.Schema, StringComparison.Ordinal), connection);
            await command.ExecuteNonQueryAsync();
        });

        error.SqlState.ShouldBe("AL001");
        error.MessageText.ShouldContain("append-only");
        (await ledger.VerifyAsync()).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task martens_archiving_of_a_stream_is_refused_for_the_ledger()
    {
        var ledger = await fixture.NewLedgerAsync();
        await ledger.RecordBatchAsync(Infrastructure.Scenario.Commands());

        await using var session = ledger.Store.LightweightSession();
        session.Events.ArchiveStream("org-gridco");
        var error = await Should.ThrowAsync<Exception>(() => session.SaveChangesAsync());

        error.ToString().ShouldContain("append-only");
        (await ledger.VerifyAsync()).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task concurrent_writers_produce_one_valid_chain_with_no_event_lost_or_doubled()
    {
        var ledger = await fixture.NewLedgerAsync();
        var writers = Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 15; i++)
            {
                await ledger.RecordAsync(new LedgerCommand(new OrganizationRegistered($"org-{w}-{i}", "Org", "US", true, DateTimeOffset.UnixEpoch)));
            }
        }));

        await Task.WhenAll(writers);

        var result = await ledger.VerifyAsync();
        result.Intact.ShouldBeTrue(result.Problem);
        result.EventsChecked.ShouldBe(90);
        (await ledger.ReadEventsAsync().Select(e => e.Stream).Distinct().CountAsync()).ShouldBe(90);
    }

    [Fact]
    public async Task an_import_whose_connection_is_killed_midway_leaves_nothing_and_a_retry_succeeds()
    {
        var ledger = await fixture.NewLedgerAsync();
        var batch = Enumerable.Range(0, 12_000)
            .Select(i => new LedgerCommand(new OrganizationRegistered($"bulk-{i}", "Bulk", "US", true, DateTimeOffset.UnixEpoch)))
            .ToList();

        var import = ledger.RecordBatchAsync(batch);
        var killed = await KillWriterAsync(ledger.Schema);
        await Should.ThrowAsync<Exception>(() => import);

        killed.ShouldBeTrue("the writer's connection was never seen holding the write lock");
        (await ledger.GetHeadAsync()).Position.ShouldBe(0);
        await using (var dataSource = Npgsql.NpgsqlDataSource.Create(fixture.ConnectionString))
        await using (var facts = dataSource.CreateCommand($"select count(*) from {ledger.Schema}.al_subject_fact"))
        {
            (await facts.ExecuteScalarAsync()).ShouldBe(0L);
        }

        (await ledger.RecordBatchAsync(batch)).Recorded.ShouldBe(12_000);
        (await ledger.VerifyAsync()).Intact.ShouldBeTrue();
    }

    // Waits until a connection holds the ledger's write lock, lets it work a moment, then terminates its backend.
    private async Task<bool> KillWriterAsync(string schema)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        for (var attempt = 0; attempt < 600; attempt++)
        {
            await using var find = new NpgsqlCommand(
                "select pid from pg_locks where locktype = 'advisory' and granted and objid = hashtext(@name)::oid", connection);
            find.Parameters.AddWithValue("name", $"{schema}.ledger-write");
            if (await find.ExecuteScalarAsync() is int pid)
            {
                await Task.Delay(200);
                await using var kill = new NpgsqlCommand("select pg_terminate_backend(@pid)", connection);
                kill.Parameters.AddWithValue("pid", pid);
                return (bool)(await kill.ExecuteScalarAsync())!;
            }

            await Task.Delay(50);
        }

        return false;
    }
}

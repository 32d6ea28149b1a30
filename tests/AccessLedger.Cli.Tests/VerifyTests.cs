using AccessLedger.Cli.Tests.Infrastructure;
using AccessLedger.Tests.Infrastructure;
using Npgsql;
using Shouldly;

namespace AccessLedger.Cli.Tests;

/// <summary><c>accessledger verify</c>: 0 when the chain holds, 3 when it is broken or the checkpoint does not match.</summary>
public sealed class VerifyTests(ScenarioFixture scenario) : IClassFixture<ScenarioFixture>
{
    [Fact]
    public async Task an_intact_ledger_verifies_with_exit_0_and_matches_its_own_head_as_checkpoint()
    {
        var head = await scenario.Ledger.Ledger.GetHeadAsync();

        var run = await scenario.Cli.RunAsync("verify", "--checkpoint", head.ToString());

        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Out.ShouldContain($"intact: 21 events, head {head}");
        run.Out.ShouldContain("the checkpoint matches");
    }

    [Fact]
    public async Task a_malformed_checkpoint_is_bad_input()
    {
        var run = await scenario.Cli.RunAsync("verify", "--checkpoint", "21:nothex");

        run.Exit.ShouldBe(ExitCodes.BadInput, run.ToString());
        run.Error.ShouldContain("position:hash");
    }

    [Fact]
    public async Task a_tampered_ledger_exits_3_naming_the_position()
    {
        var fixture = scenario.Ledger;
        var ledger = await fixture.NewLedgerAsync();
        await ledger.RecordBatchAsync(AccessLedger.Tests.Infrastructure.Scenario.Commands());
        await using (var connection = new NpgsqlConnection(fixture.ConnectionString))
        {
            await connection.OpenAsync();
            await using var tamper = new NpgsqlCommand(
                $"set session_replication_role = replica; update {ledger.Schema}.mt_events set data = jsonb_set(data, '{{usPerson}}', 'false') where id = (select event_id from {ledger.Schema}.al_chain where position = 5)",
                connection);
            await tamper.ExecuteNonQueryAsync();
        }

        var run = await new CliRunner(fixture.ConnectionString, ledger.Schema).RunAsync("verify", "--json");

        run.Exit.ShouldBe(ExitCodes.Broken, run.ToString());
        run.Out.ShouldContain("\"firstBrokenPosition\":5");
        run.Out.ShouldContain("\"intact\":false");
    }
}

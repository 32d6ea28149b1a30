using AccessLedger.Cli.Tests.Infrastructure;
using AccessLedger.Tests.Infrastructure;
using Npgsql;
using Shouldly;

namespace AccessLedger.Cli.Tests;

/// <summary>
/// The opt-in decision log: with <c>ACCESSLEDGER_RECORD_DECISIONS=true</c> every <c>check</c> is appended, chained;
/// <c>revalidate --since D</c> re-decides them as known now and lists those answered differently.
/// </summary>
public sealed class DecisionLogTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    [Fact]
    public async Task a_decision_recorded_before_the_ban_was_known_is_listed_by_revalidate_once_it_is()
    {
        var cli = await CliRunner.MigratedAsync(fixture.ConnectionString, "decisions");
        var lines = File.ReadAllLines(CliRunner.ScenarioFile).Where(l => l.StartsWith('{')).ToList();

        // The episode up to the ban (position 13, recorded on 13 June): lena may still use mythos-5 on the evening of the 12th.
        (await cli.RunWithInputAsync(string.Join('\n', lines.Take(12)), "import", "-")).Exit.ShouldBe(ExitCodes.Ok);
        var recording = new Dictionary<string, string?>(cli.Environment) { [CliContext.RecordDecisionsVariable] = "true" };
        var asked = await CliRunner.RunWithEnvironmentAsync(recording, "check", "--model", "mythos-5", "--person", "lena", "--at", "2026-06-12T22:00:00Z");
        asked.Out.ShouldStartWith("ALLOWED");
        // Before the ban's valid time: answered the same today.
        (await CliRunner.RunWithEnvironmentAsync(recording, "check", "--model", "fable-5", "--person", "lena", "--at", "2026-06-10T00:00:00Z")).Exit.ShouldBe(ExitCodes.Ok);
        (await cli.RunAsync("check", "--model", "mythos-5", "--person", "sam", "--at", "2026-06-12T22:00:00Z")).Exit.ShouldBe(ExitCodes.Ok);
        (await cli.RunWithInputAsync(string.Join('\n', lines.Skip(12)), "import", "-")).Exit.ShouldBe(ExitCodes.Ok);

        var run = await cli.RunAsync("revalidate", "--since", "2000-01-01T00:00:00Z");

        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Lines[0].ShouldStartWith("decision 1, recorded ");
        run.Lines[0].ShouldContain("\"decision\":\"allowed\"");
        run.Out.ShouldContain("now DENIED: mythos-5 for person lena");
        run.Lines[^1].ShouldBe("1 recorded decisions would be answered differently now.", run.Out);

        // Two decisions recorded (the one asked without the variable is not), chained as the events are.
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var chained = new NpgsqlCommand(
            $"""
            select count(*), bool_and(hash = sha256(previous_hash || convert_to(record, 'UTF8')) and previous_hash = before)
            from (select *, coalesce(lag(hash) over (order by position), decode(repeat('00', 32), 'hex')) as before from {cli.Schema}.al_decision) d
            """,
            connection);
        await using var reader = await chained.ExecuteReaderAsync();
        await reader.ReadAsync();
        (reader.GetInt64(0), reader.GetBoolean(1)).ShouldBe((2L, true));
    }
}

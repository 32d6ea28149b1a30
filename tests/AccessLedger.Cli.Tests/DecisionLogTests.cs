using AccessLedger.Cli.Tests.Infrastructure;
using AccessLedger.Tests.Infrastructure;
using Npgsql;
using Shouldly;

namespace AccessLedger.Cli.Tests;

/// <summary>
/// The opt-in decision log: with <c>ACCESSLEDGER_RECORD_DECISIONS=true</c> every <c>check</c> is appended, chained;
/// <c>revalidate --since D</c> re-decides them as known now and lists those answered differently; <c>verify</c>
/// recomputes the log's chain and names its first entry changed.
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

        var json = await cli.RunAsync("revalidate", "--since", "2000-01-01T00:00:00Z", "--json");
        json.Exit.ShouldBe(ExitCodes.Ok, json.ToString());
        json.Lines.Count.ShouldBe(1, json.Out);
        var answer = System.Text.Json.Nodes.JsonNode.Parse(json.Out)!;
        answer["since"]!.GetValue<string>().ShouldBe("2000-01-01T00:00:00Z");
        answer["checkpoint"]!["position"]!.GetValue<long>().ShouldBe(lines.Count);
        var changed = answer["changed"]!.AsArray().ShouldHaveSingleItem()!;
        changed["position"]!.GetValue<long>().ShouldBe(1);
        changed["question"]!.ToJsonString().ShouldBe("""{"model":"mythos-5","subject":{"personId":"lena"},"activity":"use","at":"2026-06-12T22:00:00Z"}""");
        (changed["then"]!["decision"]!.GetValue<string>(), changed["then"]!["codes"]!.AsArray().Count).ShouldBe(("allowed", 0));
        changed["then"]!["answer"]!["checkpoint"]!["position"]!.GetValue<long>().ShouldBe(12, "the answer as recorded, at the head it was read at");
        changed["now"]!["decision"]!.GetValue<string>().ShouldBe("denied");
        changed["now"]!["codes"]!.AsArray().Select(c => c!.GetValue<string>()).ShouldContain("legal_ban");
        changed["now"]!["answer"]!["checkpoint"]!["position"]!.GetValue<long>().ShouldBe(lines.Count);

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

    [Fact]
    public async Task verify_names_the_first_logged_decision_whose_record_or_time_was_changed()
    {
        var cli = await CliRunner.MigratedAsync(fixture.ConnectionString, "decisions");
        (await cli.RunAsync("import", CliRunner.ScenarioFile)).Exit.ShouldBe(ExitCodes.Ok);
        var recording = new Dictionary<string, string?>(cli.Environment) { [CliContext.RecordDecisionsVariable] = "true" };
        foreach (var person in new[] { "lena", "sam", "lena" })
        {
            await CliRunner.RunWithEnvironmentAsync(recording, "check", "--model", "mythos-5", "--person", person, "--at", "2026-06-12T22:00:00Z");
        }

        var intact = await cli.RunAsync("verify");
        intact.Exit.ShouldBe(ExitCodes.Ok, intact.ToString());
        intact.Out.ShouldContain("decision log intact: 3 decisions.");

        // Filed under another time: revalidate --since would skip it, though its record and hash are untouched.
        await TamperAsync(cli.Schema, "update {s}.al_decision set recorded_at = recorded_at - interval '1 day' where position = 3");
        var moved = await cli.RunAsync("verify", "--json");
        moved.Exit.ShouldBe(ExitCodes.Broken, moved.ToString());
        moved.Out.ShouldContain("\"firstBrokenDecision\":3");
        moved.Out.ShouldContain("\"decisionsChecked\":2");
        moved.Out.ShouldContain("its recorded_at was changed");

        // The answer of an earlier decision turned round: named first, the events still intact.
        await TamperAsync(cli.Schema, """
            update {s}.al_decision set record = case when record like '%"decision":"denied"%'
              then replace(record, '"decision":"denied"', '"decision":"allowed"') else replace(record, '"decision":"allowed"', '"decision":"denied"') end
            where position = 2
            """);
        var changed = await cli.RunAsync("verify");
        changed.Exit.ShouldBe(ExitCodes.Broken, changed.ToString());
        changed.Out.ShouldContain("intact: 21 events");
        changed.Out.ShouldContain("DECISION LOG BROKEN at decision 2: decision 2 of the decision log (al_decision) does not match its hash");
    }

    private async Task TamperAsync(string schema, string sql)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"set session_replication_role = replica; {sql.Replace("{s}", schema, StringComparison.Ordinal)}", connection);
        (await command.ExecuteNonQueryAsync()).ShouldBe(1, "the tampering touched one row");
    }
}

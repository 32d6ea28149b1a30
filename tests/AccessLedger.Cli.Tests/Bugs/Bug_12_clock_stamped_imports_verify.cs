using AccessLedger.Cli.Tests.Infrastructure;
using AccessLedger.Tests.Infrastructure;
using Npgsql;
using Shouldly;

namespace AccessLedger.Cli.Tests.Bugs;

/// <summary>
/// Issue 12, finding 1, as a user meets it: six one-line imports stamped by the ledger's clock, then verify, said
/// BROKEN; an export re-imported gave another head. And finding 3's derived state, named by <c>verify --deep</c>.
/// </summary>
public sealed class Bug_12_clock_stamped_imports_verify(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    private static readonly string[] Lines =
    [
        """{"type":"organization_registered","data":{"orgId":"gridco","name":"GridCo","country":"US","usPerson":true,"validFrom":"2026-06-01T00:00:00Z"}}""",
        """{"type":"model_registered","data":{"modelId":"mythos-5","providerId":"prov","name":"Mythos 5","availability":"general","validFrom":"2026-06-09T00:00:00Z"}}""",
        """{"type":"person_enrolled","data":{"personId":"lena","orgId":"gridco","citizenships":["DE"],"usPersonStatus":"none","location":"US","validFrom":"2026-06-01T00:00:00Z"}}""",
        """{"type":"person_enrolled","data":{"personId":"sam","orgId":"gridco","citizenships":["US"],"usPersonStatus":"citizen","location":"US","validFrom":"2026-06-01T00:00:00Z"}}""",
        """{"type":"person_relocated","data":{"personId":"lena","location":"GB","validFrom":"2026-06-20T00:00:00Z"}}""",
        """{"type":"ban_issued","actor":"compliance@prov","data":{"directiveId":"d1","regulator":"us-doc-bis","instrument":"letter","models":["mythos-5"],"scope":{"kind":"foreign_persons"},"legalBasis":["15 CFR 744.22"],"validFrom":"2026-06-12T21:21:00Z"}}""",
    ];

    private async Task<CliRunner> SixOneLineImportsAsync()
    {
        var cli = await CliRunner.MigratedAsync(fixture.ConnectionString, "clock");
        foreach (var line in Lines)
        {
            var run = await cli.RunWithInputAsync(line + "\n", "import", "-");
            run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        }

        return cli;
    }

    [Fact]
    public async Task six_one_line_imports_stamped_by_the_clock_verify_intact()
    {
        var cli = await SixOneLineImportsAsync();

        var run = await cli.RunAsync("verify", "--deep");

        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Out.ShouldContain("intact: 6 events");
        run.Out.ShouldContain("the state decisions and audits read is the one the events give.");
    }

    [Fact]
    public async Task an_export_as_json_lines_imported_elsewhere_reproduces_the_head()
    {
        var source = await SixOneLineImportsAsync();
        var head = (await source.RunAsync("verify")).Out.Split("head ")[1].Trim();
        var export = await source.RunAsync("events", "--json-lines");
        export.Exit.ShouldBe(ExitCodes.Ok, export.ToString());

        var copy = await CliRunner.MigratedAsync(fixture.ConnectionString, "copied");
        (await copy.RunWithInputAsync(export.Out, "import", "-")).Exit.ShouldBe(ExitCodes.Ok);

        var verified = await copy.RunAsync("verify", "--checkpoint", head);
        verified.Exit.ShouldBe(ExitCodes.Ok, verified.ToString());
        verified.Out.ShouldContain($"head {head}");
    }

    [Fact]
    public async Task verify_deep_names_a_fact_row_added_behind_the_ledger_and_exits_3()
    {
        var cli = await SixOneLineImportsAsync();
        await using (var connection = new NpgsqlConnection(fixture.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                $"insert into {cli.Schema}.al_subject_fact (position, version, type, recorded_at, valid_from, person_id, location) " +
                $"select 999, version, type, recorded_at, valid_from, person_id, 'US' from {cli.Schema}.al_subject_fact where person_id = 'lena' and type = 'person_relocated' limit 1",
                connection);
            (await command.ExecuteNonQueryAsync()).ShouldBe(1);
        }

        (await cli.RunAsync("verify")).Exit.ShouldBe(ExitCodes.Ok, "the chain itself is untouched");
        var deep = await cli.RunAsync("verify", "--deep");
        deep.Exit.ShouldBe(ExitCodes.Broken, deep.ToString());
        deep.Out.ShouldContain("DERIVED STATE: al_subject_fact holds a row for position 999 (person_relocated)");
    }
}

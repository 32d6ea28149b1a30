using System.Text.Json;
using AccessLedger.Cli.Tests.Infrastructure;
using AccessLedger.Tests.Infrastructure;
using Shouldly;

namespace AccessLedger.Cli.Tests;

/// <summary>
/// The audit commands on the June 2026 episode. The answers are those derived by hand in
/// tests/AccessLedger.Tests/Audit/ScenarioAuditTests.cs; here they come through the command line and its JSON.
/// </summary>
public sealed class AuditCommandTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>, IAsyncLifetime
{
    private readonly CliRunner _cli = CliRunner.For(fixture);

    public async Task InitializeAsync()
    {
        if (await fixture.Ledger.GetHeadAsync() is { Position: 0 })
        {
            (await _cli.RunAsync("import", CliRunner.ScenarioFile)).Exit.ShouldBe(ExitCodes.Ok);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task who_json_lists_every_person_and_organization_class_with_its_decision()
    {
        var run = await _cli.RunAsync("who", "--model", "mythos-5", "--at", "2026-06-30T00:00:00Z", "--json");

        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        json.RootElement.GetProperty("subjects").EnumerateArray()
            .Select(s => $"{s.GetProperty("subject").GetProperty("kind").GetString()} {s.GetProperty("subject").GetProperty("id").GetString()} {s.GetProperty("decision").GetProperty("decision").GetString()} {string.Join("+", s.GetProperty("decision").GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()))}".Trim())
            .ShouldBe(
            [
                "organization_us_persons acme denied not_provisioned",
                "organization_foreign_persons acme denied legal_ban+not_provisioned",
                "person priya denied not_provisioned",
                "organization_us_persons gridco allowed",
                "organization_foreign_persons gridco allowed",
                "person lena allowed",
                "person sam allowed",
                "organization_us_persons prov allowed",
                "organization_foreign_persons prov allowed",
                "person kenji allowed",
            ]);
        json.RootElement.GetProperty("checkpoint").GetProperty("position").GetInt64().ShouldBe(21);
    }

    [Fact]
    public async Task changes_json_names_each_flip_and_the_event_that_caused_it()
    {
        var run = await _cli.RunAsync("changes", "--model", "mythos-5", "--from", "2026-06-09T00:00:00Z", "--to", "2026-07-10T00:00:00Z", "--json");

        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        json.RootElement.GetProperty("changes").EnumerateArray()
            .Where(c => c.GetProperty("flipped").GetBoolean() && c.GetProperty("subject").GetProperty("kind").GetString() == "person")
            .Select(c => $"{c.GetProperty("at").GetString()} {c.GetProperty("subject").GetProperty("id").GetString()} {c.GetProperty("after").GetProperty("decision").GetString()} {string.Join(",", c.GetProperty("causes").EnumerateArray().Select(f => f.GetProperty("event").GetProperty("type").GetString()))}")
            .ShouldBe(
            [
                "2026-06-12T21:21:00Z lena denied ban_issued",
                "2026-06-12T22:30:00Z priya denied provider_suspension_started",
                "2026-06-12T22:30:00Z sam denied provider_suspension_started",
                "2026-06-29T09:00:00Z lena allowed provider_suspension_lifted",
                "2026-06-29T09:00:00Z sam allowed provider_suspension_lifted",
                "2026-06-29T09:00:00Z kenji allowed provider_suspension_lifted",
                "2026-07-06T00:00:00Z kenji denied person_relocated",
            ]);
    }

    [Fact]
    public async Task diff_between_23_00_on_12_june_and_now_shows_the_69_minute_exposure_and_the_late_ban()
    {
        var run = await _cli.RunAsync("diff", "--model", "mythos-5", "--from", "2026-06-12T00:00:00Z", "--to", "2026-06-14T00:00:00Z", "--known-at-1", "2026-06-12T23:00:00Z", "--json");

        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        var exposures = json.RootElement.GetProperty("gaps").EnumerateArray().Where(g => g.GetProperty("exposure").GetBoolean()).ToList();
        exposures.Select(g => $"{g.GetProperty("subject").GetProperty("id").GetString()} {g.GetProperty("from").GetString()} {g.GetProperty("to").GetString()}")
            .ShouldBe(["acme 2026-06-12T21:21:00Z 2026-06-12T22:30:00Z", "gridco 2026-06-12T21:21:00Z 2026-06-12T22:30:00Z", "lena 2026-06-12T21:21:00Z 2026-06-12T22:30:00Z"]);
        exposures.ShouldAllBe(g => g.GetProperty("responsible")[0].GetProperty("event").GetProperty("recordedAt").GetString() == "2026-06-13T14:00:00Z");
    }

    [Fact]
    public async Task timeline_of_a_person_prints_both_clocks_and_the_access_intervals()
    {
        var run = await _cli.RunAsync("timeline", "--person", "kenji");

        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Out.ShouldContain("valid 2026-07-06T00:00:00Z  recorded 2026-07-06T08:00:00Z  person-kenji v2  kenji relocated to GB");
        run.Out.ShouldContain("access of kenji (prov) to mythos-5:");
        run.Out.ShouldContain("from 2026-07-06T00:00:00Z  legal_ban");
    }

    [Fact]
    public async Task timeline_needs_exactly_one_of_model_org_and_person()
    {
        var run = await _cli.RunAsync("timeline", "--model", "mythos-5", "--person", "kenji");

        run.Exit.ShouldBe(ExitCodes.BadInput);
        run.Error.ShouldContain("exactly one of --model M, --org O or --person P");
    }

    [Fact]
    public async Task report_writes_a_self_contained_html_file()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("accessledger-cli-report-").FullName, "report.html");

        var run = await _cli.RunAsync("report", "--model", "mythos-5", "--from", "2026-06-10T00:00:00Z", "--to", "2026-07-10T00:00:00Z", "-o", file);

        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Out.ShouldBe($"wrote {file}\n");
        var html = await File.ReadAllTextAsync(file);
        html.ShouldStartWith("<!DOCTYPE html>");
        html.ShouldContain("<svg");
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
    }

    [Fact]
    public async Task a_range_that_ends_before_it_starts_is_bad_input()
    {
        var run = await _cli.RunAsync("changes", "--model", "mythos-5", "--from", "2026-07-10T00:00:00Z", "--to", "2026-06-09T00:00:00Z");

        run.Exit.ShouldBe(ExitCodes.BadInput);
        run.Error.ShouldContain("--to must be after --from");
    }
}

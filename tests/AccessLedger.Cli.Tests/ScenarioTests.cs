using System.Text.Json;
using AccessLedger.Cli.Tests.Infrastructure;
using AccessLedger.Tests.Infrastructure;
using Shouldly;

namespace AccessLedger.Cli.Tests;

/// <summary>The June 2026 episode imported through the command line, then asked about through it.</summary>
public sealed class ScenarioTests(ScenarioFixture scenario) : IClassFixture<ScenarioFixture>
{
    private readonly LedgerFixture _ledger = scenario.Ledger;
    private readonly CliRunner _cli = scenario.Cli;

    public static TheoryData<int> QuestionNumbers() => new(Scenario.Questions().Select(q => q.Q));

    [Theory]
    [MemberData(nameof(QuestionNumbers))]
    public async Task check_json_answers_every_question_of_the_scenario_as_expected(int number)
    {
        var q = Scenario.Questions().Single(x => x.Q == number);
        string[] knownAt = q.KnownAt is { } k ? ["--known-at", Wire.LedgerJson.Format(k)] : [];

        var run = await _cli.RunAsync(["check", "--model", q.Model, "--person", q.Person, "--at", Wire.LedgerJson.Format(q.At), .. knownAt, "--json"]);

        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Lines.Count.ShouldBe(1);
        using var answer = JsonDocument.Parse(run.Out);
        var root = answer.RootElement;
        root.EnumerateObject().Select(p => p.Name).ShouldBe(["decision", "activity", "knowledge", "reasons", "basis", "checkpoint"]);
        root.GetProperty("checkpoint").GetProperty("position").GetInt64().ShouldBe(21);
        root.GetProperty("decision").GetString().ShouldBe(q.Decision, $"q{q.Q}: {run.Out}");
        root.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()).ShouldBe(q.Reasons, $"q{q.Q}");
        foreach (var reason in root.GetProperty("reasons").EnumerateArray())
        {
            reason.EnumerateObject().Select(p => p.Name).ShouldBe(["code", "message", "events"]);
            reason.GetProperty("message").GetString().ShouldNotBeNullOrWhiteSpace();
        }

        var cited = root.GetProperty("reasons").EnumerateArray().SelectMany(r => r.GetProperty("events").EnumerateArray()).Concat(root.GetProperty("basis").EnumerateArray()).ToList();
        cited.ShouldNotBeEmpty();
        cited.ShouldAllBe(e => e.EnumerateObject().Select(p => p.Name).SequenceEqual(new[] { "stream", "version", "type", "recordedAt", "validFrom" }));
        if (q.Decision == "allowed")
        {
            root.GetProperty("basis").EnumerateArray().ShouldContain(e => e.GetProperty("type").GetString() == "model_registered");
        }
    }

    [Fact]
    public async Task check_text_names_the_late_ban_with_both_clocks()
    {
        var run = await _cli.RunAsync("check", "--model", "mythos-5", "--person", "lena", "--at", "2026-06-12T22:00:00Z");

        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Lines[0].ShouldBe("DENIED: mythos-5 for person lena at 2026-06-12T22:00:00Z, as known now");
        run.Out.ShouldContain("\nlegal_ban: directive d1 (us-doc-bis");
        run.Out.ShouldContain("  directive-d1 v1  ban_issued  valid from 2026-06-12T21:21:00Z  recorded 2026-06-13T14:00:00Z\n");
        run.Out.ShouldContain("ledger head: position 21, chain hash ");
        run.Error.ShouldBeEmpty();
    }

    [Fact]
    public async Task check_text_of_an_allowed_answer_lists_the_events_that_allow_it()
    {
        var run = await _cli.RunAsync("check", "--model", "mythos-5", "--person", "lena", "--at", "2026-06-12T22:00:00Z", "--known-at", "2026-06-12T22:00:00Z");

        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Lines[0].ShouldBe("ALLOWED: mythos-5 for person lena at 2026-06-12T22:00:00Z, as known at 2026-06-12T22:00:00Z");
        run.Out.ShouldContain("\nallowed by:\n");
        run.Out.ShouldContain("  model-mythos-5 v1");
        run.Out.ShouldContain("partner_provisioned");
        run.Out.ShouldNotContain("ban_issued");
    }

    [Fact]
    public async Task check_describes_an_ad_hoc_subject_with_org_citizenships_status_and_location()
    {
        var foreigner = await _cli.RunAsync("check", "--model", "mythos-5", "--org", "gridco", "--citizenship", "de,FR", "--us-person", "none", "--location", "US", "--at", "2026-06-12T22:00:00Z", "--json");
        var citizen = await _cli.RunAsync("check", "--model", "mythos-5", "--org", "gridco", "--citizenship", "US", "--us-person", "citizen", "--location", "US", "--at", "2026-06-12T22:00:00Z", "--json");

        foreigner.Exit.ShouldBe(ExitCodes.Ok, foreigner.ToString());
        foreigner.Out.ShouldStartWith("""{"decision":"denied","activity":"use","knowledge":"recorded","reasons":[{"code":"legal_ban",""");
        citizen.Exit.ShouldBe(ExitCodes.Ok, citizen.ToString());
        citizen.Out.ShouldStartWith("""{"decision":"allowed","activity":"use","knowledge":"recorded","reasons":[],"basis":[""");
        var text = await _cli.RunAsync("check", "--model", "mythos-5", "--org", "gridco", "--citizenship", "de,FR", "--us-person", "none", "--location", "US", "--at", "2026-06-12T22:00:00Z");
        text.Lines[0].ShouldBe("DENIED: mythos-5 for a person of gridco (DE,FR, us-person none, in US) at 2026-06-12T22:00:00Z, as known now");
    }

    [Fact]
    public async Task check_accepts_the_connection_and_schema_as_options()
    {
        var run = await CliRunner.RunWithEnvironmentAsync(
            new Dictionary<string, string?>(),
            "check", "--model", "fable-5", "--person", "sam", "--at", "2026-06-30T00:00:00Z", "--connection", _ledger.ConnectionString, "--schema", _cli.Schema);

        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Lines[0].ShouldStartWith("DENIED: fable-5 for person sam");
        run.Out.ShouldContain("\nprovider_suspended: ");
    }

    [Fact]
    public async Task importing_the_episode_again_reports_every_line_as_a_repeat()
    {
        var run = await _cli.RunAsync("import", CliRunner.ScenarioFile);

        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Lines[0].ShouldEndWith("mythos-2026.ndjson: 0 events recorded, 21 skipped as idempotent repeats.");
        run.Lines[1].ShouldStartWith($"ledger {_cli.Schema}: head at position 21, chain hash ");
        (await _ledger.Ledger.GetHeadAsync()).Position.ShouldBe(21);
    }

    [Fact]
    public async Task events_known_at_lists_only_what_was_recorded_by_then_oldest_first()
    {
        var all = await _cli.RunAsync("events", "--json");
        var byEvening = await _cli.RunAsync("events", "--known-at", "2026-06-12T22:00:00Z", "--json");

        all.Exit.ShouldBe(ExitCodes.Ok, all.ToString());
        byEvening.Exit.ShouldBe(ExitCodes.Ok, byEvening.ToString());
        all.Lines.Count.ShouldBe(21);
        var recorded = byEvening.Lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("recordedAt").GetDateTimeOffset()).ToList();
        recorded.Count.ShouldBe(all.Lines.Count(l => JsonDocument.Parse(l).RootElement.GetProperty("recordedAt").GetDateTimeOffset() <= DateTimeOffset.Parse("2026-06-12T22:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));
        recorded.Count.ShouldBeInRange(1, 20);
        recorded.ShouldBeInOrder();
        byEvening.Out.ShouldNotContain("ban_issued");
    }

    [Fact]
    public async Task events_of_one_stream_print_as_a_table_with_both_clocks()
    {
        var run = await _cli.RunAsync("events", "--stream", "directive-d1");

        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Lines.Count.ShouldBe(2);
        run.Lines[0].ShouldStartWith("#   recorded at           valid from            stream        v  type        what");
        run.Lines[1].ShouldContain("2026-06-13T14:00:00Z  2026-06-12T21:21:00Z  directive-d1  1  ban_issued  ban d1 by us-doc-bis on mythos-5, fable-5: foreign persons");
    }

    [Fact]
    public async Task events_json_imports_into_an_empty_ledger_as_the_same_events()
    {
        var exported = await _cli.RunAsync("events", "--json");
        await using var copy = await _ledger.NewLedgerAsync();
        using var file = new TempFile(exported.Lines);
        var copyCli = new CliRunner(_ledger.ConnectionString, copy.Schema);

        var import = await copyCli.RunAsync("import", file.Path);
        var reexported = await copyCli.RunAsync("events", "--json");

        import.Exit.ShouldBe(ExitCodes.Ok, import.ToString());
        import.Out.ShouldContain("21 events recorded, 0 skipped as idempotent repeats.");
        reexported.Out.ShouldBe(exported.Out);
        (await copy.GetHeadAsync()).ShouldBe(await _ledger.Ledger.GetHeadAsync());
    }
}

using System.Text.Json;
using AccessLedger.Cli.Tests.Infrastructure;
using AccessLedger.Tests.Infrastructure;
using Shouldly;

namespace AccessLedger.Cli.Tests;

/// <summary>
/// <c>--activity</c> and <c>--knowledge</c> on who, changes, timeline and report, and one knowledge per side on diff
/// (LEDGER.md section 7.5), on the late ban of <see cref="LateBan"/> imported through <c>accessledger import</c>: d2
/// took effect on 1 August, was published on 4 August and recorded on 10 August; e2 relieves only <c>use</c> from
/// 12 August. The answers are those derived in tests/AccessLedger.Tests/Audit/KnowledgeAndActivityAuditTests.cs.
/// </summary>
public sealed class KnowledgeAndActivityCommandTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>, IAsyncLifetime
{
    private const string August5 = "2026-08-05T00:00:00Z";

    private readonly CliRunner _cli = CliRunner.For(fixture);

    public async Task InitializeAsync()
    {
        if (await fixture.Ledger.GetHeadAsync() is { Position: 0 })
        {
            using var file = new TempFile(LateBan.Lines);
            (await _cli.RunAsync("import", file.Path)).Exit.ShouldBe(ExitCodes.Ok);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task who_on_notice_lists_fewer_subjects_allowed_than_who_as_recorded_and_says_so_in_its_json()
    {
        var recorded = await JsonAsync("who", "--model", LateBan.Model, "--at", August5, "--known-at", August5, "--knowledge", "recorded", "--json");
        var notice = await JsonAsync("who", "--model", LateBan.Model, "--at", August5, "--known-at", August5, "--knowledge", "notice", "--json");

        Allowed(recorded).ShouldBe(["gridco", "gridco", "lena", "sam", "prov", "prov"]);
        Allowed(notice).ShouldBe(["gridco", "sam", "prov"]);
        (notice.GetProperty("activity").GetString(), notice.GetProperty("knowledge").GetString()).ShouldBe(("use", "notice"));
        recorded.GetProperty("knowledge").GetString().ShouldBe("recorded");
        notice.GetProperty("subjects")[1].GetProperty("decision").GetProperty("knowledge").GetString().ShouldBe("notice");
    }

    [Fact]
    public async Task who_for_weights_transfer_differs_from_use_when_the_exception_relieves_only_use()
    {
        var use = await _cli.RunAsync("who", "--model", LateBan.Model, "--at", "2026-08-13T00:00:00Z");
        var weights = await _cli.RunAsync("who", "--model", LateBan.Model, "--at", "2026-08-13T00:00:00Z", "--activity", "weights_transfer");

        use.Out.ShouldMatch(@"\n  lena \(gridco\) +allowed\n");
        weights.Lines[0].ShouldBe("mythos-5-1 at 2026-08-13T00:00:00Z, as known now, for weights_transfer");
        weights.Out.ShouldMatch(@"\n  lena \(gridco\) +legal_ban\n");
    }

    [Fact]
    public async Task diff_of_recorded_against_notice_at_the_same_time_shows_the_exposure_of_the_companys_own_delay()
    {
        var json = await JsonAsync(
            "diff", "--model", LateBan.Model, "--from", "2026-08-01T00:00:00Z", "--to", "2026-08-15T00:00:00Z",
            "--known-at-1", August5, "--knowledge-1", "recorded", "--known-at-2", August5, "--knowledge-2", "notice", "--json");

        json.GetProperty("gaps").EnumerateArray()
            .Select(g => $"{g.GetProperty("subject").GetProperty("id").GetString()} {g.GetProperty("from").GetString()} {g.GetProperty("to").GetString()} {g.GetProperty("exposure").GetBoolean()}")
            .ShouldBe(
            [
                "gridco 2026-08-03T00:00:00Z 2026-08-15T00:00:00Z True",
                "lena 2026-08-03T00:00:00Z 2026-08-15T00:00:00Z True",
                "prov 2026-08-03T00:00:00Z 2026-08-15T00:00:00Z True",
            ]);
        var responsible = json.GetProperty("gaps")[1].GetProperty("responsible")[0];
        responsible.GetProperty("event").GetProperty("noticeAt").GetString().ShouldBe("2026-08-04T10:00:00Z");
        responsible.GetProperty("source").GetProperty("citation").GetString().ShouldBe("91 FR 50001");
        (json.GetProperty("knowledge1").GetString(), json.GetProperty("knowledge2").GetString(), json.GetProperty("activity").GetString()).ShouldBe(("recorded", "notice", "use"));
    }

    [Fact]
    public async Task diff_with_one_basis_on_both_sides_shows_no_exposure()
    {
        var run = await _cli.RunAsync(
            "diff", "--model", LateBan.Model, "--from", "2026-08-01T00:00:00Z", "--to", "2026-08-15T00:00:00Z",
            "--known-at-1", August5, "--known-at-2", August5);

        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Lines.ShouldBe(["mythos-5-1 from 2026-08-01T00:00:00Z to 2026-08-15T00:00:00Z: as known at 2026-08-05T00:00:00Z versus as known at 2026-08-05T00:00:00Z", "no difference"]);
    }

    [Fact]
    public async Task changes_and_timeline_follow_the_activity_and_the_basis()
    {
        var use = await JsonAsync("changes", "--model", LateBan.Model, "--from", "2026-08-01T00:00:00Z", "--to", "2026-08-15T00:00:00Z", "--json");
        var weights = await JsonAsync("changes", "--model", LateBan.Model, "--from", "2026-08-01T00:00:00Z", "--to", "2026-08-15T00:00:00Z", "--activity", "weights_transfer", "--json");
        var notice = await _cli.RunAsync("timeline", "--model", LateBan.Model, "--known-at", August5, "--knowledge", "notice");
        var recorded = await _cli.RunAsync("timeline", "--model", LateBan.Model, "--known-at", August5);

        // sam may use the model from its registration on, whatever the activity; lena for use only from e2 on.
        Flips(use).ShouldBe(["2026-08-03T00:00:00Z sam allowed", "2026-08-12T04:00:00Z lena allowed"]);
        Flips(weights).ShouldBe(["2026-08-03T00:00:00Z sam allowed"]);
        weights.GetProperty("activity").GetString().ShouldBe("weights_transfer");
        notice.Lines[0].ShouldBe("model mythos-5-1, as on notice at 2026-08-05T00:00:00Z");
        notice.Out.ShouldContain("directive-d2 v1");
        recorded.Out.ShouldNotContain("directive-d2 v1");
    }

    [Fact]
    public async Task the_report_on_notice_cites_the_rule_with_its_publication()
    {
        var run = await _cli.RunAsync(
            "report", "--model", LateBan.Model, "--from", "2026-08-01T00:00:00Z", "--to", "2026-08-15T00:00:00Z",
            "--known-at", August5, "--knowledge", "notice", "--activity", "weights_transfer", "-o", "-");

        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Out.ShouldContain("as on notice at 2026-08-05T00:00:00Z");
        run.Out.ShouldContain("Activity <code>weights_transfer</code>");
        run.Out.ShouldContain("<cite>91 FR 50001</cite>, published 2026-08-04T10:00:00Z (federal register)");
    }

    public static TheoryData<string[], string> BadInputs() => new()
    {
        { ["who", "--model", "m", "--at", August5, "--knowledge", "published"], "--knowledge 'published' is not one of recorded, notice" },
        { ["who", "--model", "m", "--at", August5, "--activity", "Weights Transfer"], "--activity 'Weights Transfer' is not an identifier" },
        { ["changes", "--model", "m", "--from", August5, "--to", "2026-08-06T00:00:00Z", "--knowledge", "notised"], "did you mean 'notice'?" },
        { ["timeline", "--person", "lena", "--activity", "use!"], "--activity 'use!' is not an identifier" },
        { ["report", "--model", "m", "--from", August5, "--to", "2026-08-06T00:00:00Z", "--knowledge", "now", "-o", "-"], "--knowledge 'now'" },
        { ["diff", "--model", "m", "--from", August5, "--to", "2026-08-06T00:00:00Z", "--knowledge-2", "public"], "--knowledge-2 'public' is not one of recorded, notice" },
        { ["diff", "--model", "m", "--from", August5, "--to", "2026-08-06T00:00:00Z", "--activity", "USE"], "--activity 'USE' is not an identifier" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task a_bad_knowledge_word_or_activity_is_refused_before_the_ledger_is_opened(string[] args, string reason)
    {
        // An unreachable database: a refusal that came after opening the ledger would exit 1 for the connection.
        var run = await _cli.RunAsync([.. args, "--connection", "Host=127.0.0.1;Port=1;Timeout=2"]);

        run.Exit.ShouldBe(ExitCodes.BadInput, run.ToString());
        run.Error.ShouldContain(reason);
        run.Out.ShouldBeEmpty();
    }

    private async Task<JsonElement> JsonAsync(params string[] args)
    {
        var run = await _cli.RunAsync(args);
        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        return json.RootElement.Clone();
    }

    private static IEnumerable<string?> Allowed(JsonElement who) =>
        who.GetProperty("subjects").EnumerateArray()
            .Where(s => s.GetProperty("decision").GetProperty("decision").GetString() == "allowed")
            .Select(s => s.GetProperty("subject").GetProperty("id").GetString());

    private static IEnumerable<string> Flips(JsonElement changes) =>
        changes.GetProperty("changes").EnumerateArray()
            .Where(c => c.GetProperty("flipped").GetBoolean() && c.GetProperty("subject").GetProperty("kind").GetString() == "person")
            .Select(c => $"{c.GetProperty("at").GetString()} {c.GetProperty("subject").GetProperty("id").GetString()} {c.GetProperty("after").GetProperty("decision").GetString()}");
}

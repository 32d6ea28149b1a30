using AccessLedger.Cli.Tests.Infrastructure;
using AccessLedger.Tests.Infrastructure;
using Shouldly;

namespace AccessLedger.Cli.Tests;

/// <summary><c>accessledger report</c>: standard output with <c>-o -</c>, knowledge time, filters and pages, and refusals that write nothing.</summary>
public sealed class ReportCommandTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>, IAsyncLifetime
{
    private readonly CliRunner _cli = CliRunner.For(fixture);
    private readonly string _directory = Directory.CreateTempSubdirectory("accessledger-cli-report-").FullName;

    public async Task InitializeAsync()
    {
        if (await fixture.Ledger.GetHeadAsync() is { Position: 0 })
        {
            (await _cli.RunAsync("import", CliRunner.ScenarioFile)).Exit.ShouldBe(ExitCodes.Ok);
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    private Task<CliRun> ReportAsync(params string[] args) =>
        _cli.RunAsync(["report", "--model", "mythos-5", "--from", "2026-06-10T00:00:00Z", "--to", "2026-07-10T00:00:00Z", .. args]);

    [Fact]
    public async Task dash_o_dash_writes_the_html_to_standard_output_and_no_file()
    {
        var run = await ReportAsync("-o", "-");

        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Out.ShouldStartWith("<!DOCTYPE html>");
        run.Out.TrimEnd().ShouldEndWith("</html>");
        run.Error.ShouldBeEmpty();
        File.Exists(Path.Combine(Directory.GetCurrentDirectory(), "-")).ShouldBeFalse();
    }

    [Fact]
    public async Task a_report_as_known_at_K_of_one_organization_whose_access_changed()
    {
        var run = await ReportAsync("--known-at", "2026-06-13T12:00:00Z", "--org", "gridco", "--person", "kenji", "--changed-only", "-o", "-");

        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Out.ShouldContain("as known at 2026-06-13T12:00:00Z");
        run.Out.ShouldContain("Subjects: organization gridco (their classes and people) and person kenji, only those whose access changed: 5 of the 10 subjects the ledger knew.");
        // The ban was recorded at 14:00: not known at K.
        run.Out.ShouldNotContain("ban_issued");
    }

    [Fact]
    public async Task a_page_of_subjects_says_how_to_see_the_rest()
    {
        var run = await ReportAsync("--page-size", "3", "--page", "2", "-o", "-");

        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Out.ShouldContain("Showing subjects 4–6 of 10 (page 2 of 4). 7 more subjects not shown in the chart and the per-subject tables; narrow with --org, --person or --changed-only, or turn the page with --page 3.");
    }

    [Fact]
    public async Task an_unknown_model_exits_2_with_a_clear_message_and_writes_no_file()
    {
        var file = Path.Combine(_directory, "refused.html");

        var run = await _cli.RunAsync("report", "--model", "mythos-6", "--from", "2026-06-10T00:00:00Z", "--to", "2026-07-10T00:00:00Z", "-o", file);

        run.Exit.ShouldBe(ExitCodes.BadInput);
        run.Error.ShouldBe("error: model mythos-6 was never registered in this ledger as known now, so there is no access to report; check the model id (accessledger events lists what was recorded). [unknown_model]\n");
        run.Out.ShouldBeEmpty();
        File.Exists(file).ShouldBeFalse();
    }

    [Fact]
    public async Task a_model_registered_only_after_K_is_unknown_as_known_at_K()
    {
        var run = await ReportAsync("--known-at", "2026-06-09T12:00:00Z", "-o", "-");

        run.Exit.ShouldBe(ExitCodes.BadInput);
        run.Error.ShouldContain("model mythos-5 was never registered in this ledger as known at 2026-06-09T12:00:00Z");
        run.Out.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("--org", "gridko", "organization gridko is not registered in this ledger as known now; check the organization id. [unknown_organization]")]
    [InlineData("--person", "lina", "person lina is not enrolled in this ledger as known now; check the person id. [unknown_person]")]
    [InlineData("--page", "9", "page 9 is past the last page: the 10 subjects in scope make 1 page of 100. [invalid_field]")]
    [InlineData("--page", "0", "--page must be 1 or more.")]
    [InlineData("--page-size", "-1", "--page-size must be 1 or more.")]
    public async Task bad_filters_and_pages_exit_2_with_the_reason(string option, string value, string error)
    {
        var run = await ReportAsync(option, value, "-o", "-");

        run.Exit.ShouldBe(ExitCodes.BadInput);
        run.Error.ShouldContain(error);
        run.Out.ShouldBeEmpty();
    }
}

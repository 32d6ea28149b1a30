using AccessLedger.Cli.Tests.Infrastructure;
using AccessLedger.Tests.Infrastructure;
using Shouldly;

namespace AccessLedger.Cli.Tests;

/// <summary>
/// An import's progress covers the whole import, the write included: the rules checked with their rate and time
/// left, then the write's round trips to PostgreSQL counted as they complete; plain lines off a terminal, a live
/// display on one.
/// </summary>
public sealed class ImportProgressTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    [Fact]
    public async Task a_large_import_reports_each_phase_in_order_with_rates_and_time_left()
    {
        var count = Commands.ImportCommand.ProgressThreshold;
        using var file = new TempFile(Enumerable.Range(0, count).Select(i =>
            $$$"""{"type":"organization_registered","data":{"orgId":"org-{{{i}}}","name":"Org {{{i}}}","country":"US","usPerson":true,"validFrom":"2026-06-01T00:00:00Z"}}"""));
        var cli = await CliRunner.MigratedAsync(fixture.ConnectionString, "phases");

        var run = await cli.RunAsync("import", file.Path);

        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe($"importing {count} events of {file.Path} in one transaction: reading the ledger's state, checking the rules, then writing");
        lines[1].ShouldMatch($@"^checked {count / 10} of {count} events \(10%\), [0-9,]+ events/s, about [0-9.]+ s left$");

        // Each stream's append is an operation, and the chain's and the two fact tables' inserts one each; Marten
        // sends 500 a round trip.
        var roundTrips = (count + 3 + 499) / 500;
        var writing = Array.FindIndex(lines, l => l.StartsWith($"checked {count} of {count} events (100%); writing them to PostgreSQL in one transaction", StringComparison.Ordinal));
        writing.ShouldBeGreaterThan(1, run.Error);
        lines[writing].ShouldEndWith($"about {roundTrips} round trips");
        var written = lines.Skip(writing + 1).Where(l => l.StartsWith("writing: ", StringComparison.Ordinal)).ToList();
        written.Count.ShouldBeInRange(5, 9, run.Error);
        written[0].ShouldMatch($@"^writing: \d+ of about {roundTrips} round trips \(10%\), [0-9,]+ a minute, about [0-9.]+ (s|min \d+ s) left; nothing is committed before the last$");
        lines[^1].ShouldStartWith($"done: {file.Path} checked and written in ");
        run.Out.ShouldContain($"{count} events recorded");
    }

    [Fact]
    public async Task a_small_import_off_a_terminal_prints_no_progress()
    {
        var cli = await CliRunner.MigratedAsync(fixture.ConnectionString, "quiet");

        var run = await cli.RunAsync("import", CliRunner.ScenarioFile);

        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Error.ShouldBeEmpty();
    }

    [Fact]
    public async Task on_a_terminal_the_live_display_shows_every_phase_and_leaves_the_answer_on_stdout()
    {
        var cli = await CliRunner.MigratedAsync(fixture.ConnectionString, "terminal");

        var run = await cli.RunAsTerminalAsync("import", CliRunner.ScenarioFile);

        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Error.ShouldContain("importing 21 events of ");
        foreach (var phase in new[] { "read the ledger's state", "check the rules", "build the write", "write (~1 round trips)" })
        {
            run.Error.ShouldContain(phase);
        }

        run.Lines[0].ShouldEndWith("mythos-2026.ndjson: 21 events recorded, 0 skipped as idempotent repeats.");
    }

    [Fact]
    public async Task a_rule_broken_during_a_live_import_writes_nothing_and_says_which_line()
    {
        var cli = await CliRunner.MigratedAsync(fixture.ConnectionString, "brokenlive");
        var lines = (await File.ReadAllLinesAsync(CliRunner.ScenarioFile)).Where(l => !l.Contains("\"organization_registered\"", StringComparison.Ordinal)).ToList();
        using var file = new TempFile(lines);

        var run = await cli.RunAsTerminalAsync("import", file.Path);

        run.Exit.ShouldBe(ExitCodes.BadInput, run.ToString());
        run.Error.ShouldContain("[unknown_organization]");
        run.Error.ShouldContain($"nothing of {file.Path} was written.");
        run.Out.ShouldBeEmpty();
        (await cli.RunAsync("events", "--json-lines")).Out.ShouldBeEmpty();
    }
}

using AccessLedger.Cli.Tests.Infrastructure;
using AccessLedger.LocalPostgres;
using AccessLedger.Tests.Infrastructure;
using Shouldly;

namespace AccessLedger.Cli.Tests;

/// <summary>0 for an answer, 2 for bad input (reason on stderr), 1 for anything else, with a one-line reason that says what to set.</summary>
public sealed class ExitCodeTests(ScenarioFixture scenario) : IClassFixture<ScenarioFixture>
{
    private readonly LedgerFixture _ledger = scenario.Ledger;
    private readonly CliRunner _cli = scenario.Cli;

    [Theory]
    [InlineData("2026-06-11T00:00:00Z", "allowed")]
    [InlineData("2026-06-20T00:00:00Z", "denied")]
    public async Task an_answer_exits_0_whether_allowed_or_denied(string at, string decision)
    {
        var run = await _cli.RunAsync("check", "--model", "mythos-5", "--person", "lena", "--at", at, "--json");

        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Out.ShouldStartWith($$"""{"decision":"{{decision}}",""");
        run.Error.ShouldBeEmpty();
    }

    public static TheoryData<string[], string> BadInputs() => new()
    {
        { ["check", "--model", "mythos-5", "--person", "lena", "--at", "2026-06-12T22:00:00"], "--at '2026-06-12T22:00:00' is not a timestamp with an offset" },
        { ["check", "--model", "mythos-5", "--person", "lena", "--at", "2026-06-12T22:00:00Z", "--known-at", "yesterday"], "--known-at 'yesterday' is not a timestamp with an offset" },
        { ["check", "--model", "mythos-5", "--org", "gridco", "--citizenship", "DE", "--us-person", "alien", "--location", "US", "--at", "2026-06-12T22:00:00Z"], "'alien'" },
        { ["check", "--model", "mythos-5", "--org", "gridco", "--citizenship", "DE", "--us-person", "none", "--location", "UK", "--at", "2026-06-12T22:00:00Z"], "GB" },
        { ["check", "--model", "mythos-5", "--person", "lena", "--org", "gridco", "--at", "2026-06-12T22:00:00Z"], "leave out --org" },
        { ["check", "--model", "mythos-5", "--org", "gridco", "--at", "2026-06-12T22:00:00Z"], "missing --citizenship, --us-person, --location" },
        { ["check", "--person", "lena", "--at", "2026-06-12T22:00:00Z"], "--model" },
        { ["events", "--known-at", "2026-06-12"], "is not a timestamp with an offset" },
        { ["events", "--colour"], "'--colour'" },
        { ["frobnicate"], "'frobnicate'" },
        { ["events", "--schema", "Robert'); drop table students;--"], "is not a plain PostgreSQL name" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task bad_input_exits_2_with_the_reason_on_stderr_and_writes_nothing(string[] args, string reason)
    {
        var head = await _ledger.Ledger.GetHeadAsync();

        var run = await _cli.RunAsync(args);

        run.Exit.ShouldBe(ExitCodes.BadInput, run.ToString());
        run.Error.ShouldContain(reason);
        run.Out.ShouldBeEmpty();
        (await _ledger.Ledger.GetHeadAsync()).ShouldBe(head);
    }

    [Fact]
    public async Task an_unreachable_database_exits_1_with_one_line_naming_what_to_set()
    {
        var run = await _cli.RunAsync("check", "--model", "mythos-5", "--person", "lena", "--at", "2026-06-12T22:00:00Z", "--connection", "Host=127.0.0.1;Port=1;Timeout=2");

        run.Exit.ShouldBe(ExitCodes.Failure, run.ToString());
        run.Error.TrimEnd('\n').ShouldNotContain('\n');
        run.Error.ShouldStartWith("error: cannot connect to PostgreSQL at 127.0.0.1:1");
        run.Error.ShouldContain(PostgresServer.AppVariable);
    }

    [Fact]
    public async Task no_database_at_all_exits_1_with_one_line_naming_the_variable()
    {
        var run = await CliRunner.RunWithEnvironmentAsync(new Dictionary<string, string?>(), "events");

        run.Exit.ShouldBe(ExitCodes.Failure, run.ToString());
        run.Error.ShouldBe($"error: no database: set {PostgresServer.AppVariable} or pass --connection with a PostgreSQL connection string.\n");
    }

    [Fact]
    public async Task asking_a_schema_that_holds_no_ledger_exits_1_and_creates_nothing()
    {
        var schema = TestDatabase.UniqueSchema("missing");
        var cli = new CliRunner(_ledger.ConnectionString, schema);

        var check = await cli.RunAsync("check", "--model", "mythos-5", "--person", "lena", "--at", "2026-06-12T22:00:00Z");
        var events = await cli.RunAsync("events");

        check.Exit.ShouldBe(ExitCodes.Failure, check.ToString());
        check.Error.ShouldBe($"error: schema '{schema}' holds no ledger: run `accessledger migrate` first to create it (as a role that may create tables there), or set --schema or ACCESSLEDGER_SCHEMA to the ledger's schema.\n");
        events.Exit.ShouldBe(ExitCodes.Failure, events.ToString());
        events.Error.ShouldContain("run `accessledger migrate` first");
    }
}

using AccessLedger.Cli.Tests.Infrastructure;
using AccessLedger.Rules;
using AccessLedger.Tests.Infrastructure;
using Shouldly;

namespace AccessLedger.Cli.Tests.Bugs;

/// <summary>Issue 12, finding 7, through the command line: a slug or an instant with a trailing newline is bad input (exit 2).</summary>
public sealed class Bug_12_trailing_newline_passes_validation(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    [Fact]
    public async Task a_line_making_stream_org_t_nl_newline_is_a_bad_line()
    {
        var error = await RefusedImport.ImportAsync(
            fixture,
            """{"type":"organization_registered","data":{"orgId":"t-nl\n","name":"T","country":"US","usPerson":true,"validFrom":"2026-06-01T00:00:00Z"}}""",
            ErrorCodes.InvalidField);

        error.ShouldStartWith(@"line 3 (organization_registered): orgId 't-nl\u000a' is not an identifier");
    }

    [Theory]
    [InlineData("check", "--at", "--model", "mythos-5", "--person", "lena")]
    [InlineData("check", "--known-at", "--model", "mythos-5", "--person", "lena", "--at", "2026-06-12T21:21:00Z")]
    [InlineData("events", "--known-at")]
    [InlineData("who", "--at", "--model", "mythos-5")]
    public async Task an_instant_option_with_a_trailing_newline_is_bad_input_naming_the_option(string command, string option, params string[] rest)
    {
        var run = await CliRunner.For(fixture).RunAsync([command, .. rest, option, "2026-06-12T21:21:00Z\n"]);

        run.Exit.ShouldBe(ExitCodes.BadInput, run.ToString());
        run.Error.ShouldStartWith($@"error: {option} '2026-06-12T21:21:00Z\u000a' is not a timestamp with an offset");
        run.Out.ShouldBeEmpty();
    }
}

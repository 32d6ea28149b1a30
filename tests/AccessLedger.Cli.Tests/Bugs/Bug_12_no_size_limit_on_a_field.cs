using AccessLedger.Rules;
using AccessLedger.Tests.Infrastructure;
using Shouldly;

namespace AccessLedger.Cli.Tests.Bugs;

/// <summary>
/// Issue 12, finding 8, through <c>import</c>: a 25 MiB name and a 1 MiB actor full of ANSI escapes were recorded.
/// They are bad lines now (exit 2: a 1 MiB actor makes a line beyond its limit), and the error quotes neither whole nor passes an escape to the terminal.
/// </summary>
public sealed class Bug_12_no_size_limit_on_a_field(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    [Fact]
    public async Task a_25_MiB_name_is_a_bad_line()
    {
        var line = $$$"""{"type":"organization_registered","data":{"orgId":"big","name":"{{{new string('x', 25 << 20)}}}","country":"US","usPerson":true,"validFrom":"2026-06-01T00:00:00Z"}}""";

        var error = await RefusedImport.ImportAsync(fixture, line, ErrorCodes.TooLarge);

        error.ShouldBe($"line 3: the line is {line.Length:N0} bytes long; a line is at most 1 MiB (1,048,576 bytes). [too_large]");
    }

    [Fact]
    public async Task a_name_beyond_4_KiB_is_a_bad_line_naming_the_field()
    {
        var error = await RefusedImport.ImportAsync(
            fixture,
            $$$"""{"type":"organization_registered","data":{"orgId":"big","name":"{{{new string('x', 5000)}}}","country":"US","usPerson":true,"validFrom":"2026-06-01T00:00:00Z"}}""",
            ErrorCodes.TooLarge);

        error.ShouldBe("line 3 (organization_registered): name is 5,000 bytes long; free text is at most 4 KiB (4,096 bytes of UTF-8). [too_large]");
    }

    [Theory]
    [InlineData(50_000, ErrorCodes.TooLarge, "actor must be 1 to 200 characters, not 450,000.")]
    [InlineData(1, ErrorCodes.InvalidText, @"actor '\u001b[31mroot' contains an escape character (\u001b), which would drive the terminal that prints it.")]
    public async Task an_actor_with_ansi_escapes_is_a_bad_line_and_reaches_no_terminal(int repeat, string code, string message)
    {
        var actor = string.Concat(Enumerable.Repeat(@"\u001b[31mroot", repeat));
        var error = await RefusedImport.ImportAsync(
            fixture,
            $$$"""{"type":"ban_lifted","actor":"{{{actor}}}","data":{"directiveId":"d1","validFrom":"2026-06-12T21:21:00Z"}}""",
            code);

        error.ShouldBe($"line 3 (ban_lifted): {message} [{code}]");
    }
}

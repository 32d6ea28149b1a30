using AccessLedger.Cli.Tests.Infrastructure;
using AccessLedger.Rules;
using AccessLedger.Tests.Infrastructure;
using Shouldly;

namespace AccessLedger.Cli.Tests.Bugs;

/// <summary>
/// Issue 12, finding 1 (the stated instant's half), through the command line: an instant with a 7th fractional digit
/// was taken, then stored as another instant than the one hashed. In a line or an option it is bad input (exit 2)
/// naming the field or the option.
/// </summary>
public sealed class Bug_12_stated_instant_finer_than_a_microsecond(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    [Theory]
    [InlineData("""{"type":"ban_lifted","recordedAt":"2026-06-13T14:00:00.1234567Z","data":{"directiveId":"d1","validFrom":"2026-06-12T21:21:00Z"}}""", "recordedAt 2026-06-13T14:00:00.1234567Z")]
    [InlineData("""{"type":"ban_lifted","data":{"directiveId":"d1","validFrom":"2026-06-12T21:21:00.0000005Z"}}""", "validFrom 2026-06-12T21:21:00.0000005Z")]
    [InlineData("""{"type":"safeguard_certified","data":{"certificationId":"g1","providerId":"prov","models":["mythos-5"],"certifiedBy":"us-doc","controls":["access_control"],"validFrom":"2026-06-26T00:00:00Z","validTo":"2026-12-31T23:59:59.9999999Z"}}""", "validTo 2026-12-31T23:59:59.9999999Z")]
    public async Task a_line_stating_an_instant_finer_than_a_microsecond_is_a_bad_line(string bad, string start)
    {
        var error = await RefusedImport.ImportAsync(fixture, bad, ErrorCodes.TooPrecise);

        error.ShouldEndWith($"): {start} is finer than a microsecond; state instants to the microsecond at most (6 fractional digits). [too_precise]");
    }

    [Theory]
    [InlineData("--at", "--known-at", "2026-06-30T00:00:00Z")]
    [InlineData("--known-at", "--at", "2026-06-30T00:00:00Z")]
    public async Task an_instant_option_finer_than_a_microsecond_is_bad_input_naming_the_option(string option, string other, string otherValue)
    {
        var run = await CliRunner.For(fixture).RunAsync("check", "--model", "mythos-5", "--person", "lena", other, otherValue, option, "2026-06-12T21:21:00.1234567Z");

        run.Exit.ShouldBe(ExitCodes.BadInput, run.ToString());
        run.Error.ShouldStartWith($"error: {option} 2026-06-12T21:21:00.1234567Z is finer than a microsecond");
        run.Out.ShouldBeEmpty();
    }

    [Fact]
    public async Task trailing_zeros_past_the_sixth_digit_are_accepted()
    {
        var run = await CliRunner.For(fixture).RunAsync("events", "--known-at", "2026-06-12T21:21:00.123456000Z");

        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
    }
}

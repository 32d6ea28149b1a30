using System.Text;
using AccessLedger.Cli.Tests.Infrastructure;
using AccessLedger.Rules;
using AccessLedger.Tests.Infrastructure;
using Shouldly;

namespace AccessLedger.Cli.Tests.Bugs;

/// <summary>
/// Issue 12, findings 2 and 8, through <c>import</c>: a NUL character exited 1 with no line number (and, over a
/// batch, left rows that broke verify for good); bytes that are not UTF-8 were silently replaced. Both are bad lines
/// now (exit 2) refused before the database is touched, and verify stays intact.
/// </summary>
public sealed class Bug_12_text_postgresql_cannot_store(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    [Fact]
    public async Task a_nul_in_the_last_line_is_a_bad_line_and_verify_stays_intact()
    {
        var error = await RefusedImport.ImportAsync(
            fixture,
            """{"type":"organization_registered","data":{"orgId":"t2","name":"T\u00002","country":"US","usPerson":true,"validFrom":"2026-06-01T00:00:00Z"}}""",
            ErrorCodes.InvalidText);

        error.ShouldBe(@"line 3 (organization_registered): name 'T\u00002' contains a NUL character (\u0000), which PostgreSQL cannot store. [invalid_text]");
        var verify = await CliRunner.For(fixture).RunAsync("verify");
        verify.Exit.ShouldBe(ExitCodes.Ok, verify.ToString());
    }

    [Fact]
    public async Task a_lone_surrogate_is_a_bad_line()
    {
        var error = await RefusedImport.ImportAsync(
            fixture,
            """{"type":"organization_registered","data":{"orgId":"t2","name":"T\ud800","country":"US","usPerson":true,"validFrom":"2026-06-01T00:00:00Z"}}""",
            ErrorCodes.InvalidText);

        error.ShouldStartWith("line 3 (organization_registered): name holds half of a surrogate pair");
    }

    [Fact]
    public async Task bytes_that_are_not_utf8_are_a_bad_line_not_replacement_characters()
    {
        var error = await RefusedImport.ImportAsync(
            fixture,
            path =>
            {
                using var file = File.Create(path);
                file.Write(Encoding.UTF8.GetBytes(string.Join('\n', RefusedImport.GoodLines) + "\n"));
                file.Write("""{"type":"organization_registered","data":{"orgId":"t2","name":"Stra"""u8);
                file.Write([0xDF, 0x65]); // "Straße" in Latin-1
                file.Write("\",\"country\":\"DE\",\"usPerson\":false,\"validFrom\":\"2026-06-01T00:00:00Z\"}}"u8);
            },
            ErrorCodes.InvalidText);

        error.ShouldBe("line 3: the line is not UTF-8: byte 68 (0xDF) is not part of a character; save the file as UTF-8. [invalid_text]");
    }
}

using System.Text;
using System.Text.RegularExpressions;
using AccessLedger.Events;
using AccessLedger.Rules;
using AccessLedger.Tests.Infrastructure;
using AccessLedger.Tests.Rules;
using AccessLedger.Wire;
using Shouldly;

namespace AccessLedger.Tests.Bugs;

/// <summary>
/// Issue 12, findings 2 and 8 (the input's half): a NUL character reached PostgreSQL, which refused the batch part-way
/// and left Marten's tombstones behind, breaking verify for good; bytes that are not UTF-8 were silently replaced by
/// U+FFFD; a lone surrogate failed with a .NET exception. All are refused before any I/O now, with the field (and, in
/// a file, the line), and nothing of the write is recorded.
/// </summary>
public sealed class Bug_12_text_postgresql_cannot_store(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    private static LedgerCommand Org(string id, string name) => new(new OrganizationRegistered(id, name, "US", true, Given.Origin));

    [Theory]
    [InlineData(@"T\u00002", @"name 'T\u00002' contains a NUL character (\u0000), which PostgreSQL cannot store.")]
    [InlineData(@"T\ud8002", @"name 'T\ud8002' contains half of a surrogate pair (\ud800), which is not text.")]
    [InlineData(@"T\udc00", @"name 'T\udc00' contains half of a surrogate pair (\udc00), which is not text.")]
    [InlineData(@"T\u001b[2J", @"name 'T\u001b[2J' contains an escape character (\u001b), which would drive the terminal that prints it.")]
    public async Task a_batch_whose_last_event_holds_text_postgresql_cannot_store_writes_nothing(string escaped, string message)
    {
        // Escaped in the attribute: the test runner's own serialization would mend a lone surrogate.
        var name = Regex.Unescape(escaped);
        var ledger = await fixture.NewLedgerAsync();

        var error = await Should.ThrowAsync<LedgerRuleException>(() => ledger.RecordBatchAsync([Org("t0", "T0"), Org("t1", "T1"), Org("t2", name)]));

        (error.Code, error.Index, error.EventType, error.Message).ShouldBe((ErrorCodes.InvalidText, 2, "organization_registered", message));
        (await ledger.GetHeadAsync()).Position.ShouldBe(0);
        (await ledger.VerifyAsync()).Intact.ShouldBeTrue();
        await ledger.RecordAsync(Org("t3", "T3"));
        (await ledger.VerifyAsync()).Intact.ShouldBeTrue();
    }

    [Fact]
    public void free_text_keeps_its_tabs_line_breaks_and_emoji()
    {
        var e = (OrganizationRegistered)FieldRules.Check(new OrganizationRegistered("o", "Grid\tCo\r\nTransmission 🔌 ‏עברית", "US", true, Given.Origin));
        e.Name.ShouldBe("Grid\tCo\r\nTransmission 🔌 ‏עברית");
    }

    [Theory]
    [InlineData("""{"type":"organization_registered","data":{"orgId":"t2","name":"T\u00002","country":"US","usPerson":true,"validFrom":"2026-06-01T00:00:00Z"}}""", ErrorCodes.InvalidText, "name ")]
    [InlineData("""{"type":"organization_registered","data":{"orgId":"t2","name":"T\ud800","country":"US","usPerson":true,"validFrom":"2026-06-01T00:00:00Z"}}""", ErrorCodes.InvalidText, "name holds half of a surrogate pair")]
    [InlineData("""{"type":"organization_registered","data":{"orgId":"t2","\ud800":"T","name":"T","country":"US","usPerson":true,"validFrom":"2026-06-01T00:00:00Z"}}""", ErrorCodes.InvalidText, "in the line, a field's name holds half of a surrogate pair")]
    [InlineData("""{"type":"organization_registered","actor":"ops\u0000","data":{"orgId":"t2","name":"T","country":"US","usPerson":true,"validFrom":"2026-06-01T00:00:00Z"}}""", ErrorCodes.InvalidText, "actor ")]
    [InlineData("""{"type":"organization_registered","commandId":"c\ud800","data":{"orgId":"t2","name":"T","country":"US","usPerson":true,"validFrom":"2026-06-01T00:00:00Z"}}""", ErrorCodes.InvalidText, "commandId holds half of a surrogate pair")]
    public void a_line_with_text_postgresql_cannot_store_is_refused_naming_the_field(string line, string code, string start)
    {
        var error = Refused.Line(line, 3);

        error.Code.ShouldBe(code);
        error.Message.ShouldStartWith(start);
    }

    [Fact]
    public void bytes_that_are_not_utf8_are_the_error_of_their_line_not_replaced()
    {
        var file = new MemoryStream();
        file.Write(Encoding.UTF8.Preamble);
        file.Write("""{"type":"ban_lifted","data":{"directiveId":"d1","validFrom":"2026-06-12T21:21:00Z"}}"""u8);
        file.Write("\r\n# a comment\n\n"u8);
        file.Write("""{"type":"organization_registered","data":{"orgId":"t2","name":"T"""u8);
        file.WriteByte(0xC3); // the first byte of a two-byte character, cut off
        file.Write("""2","country":"US","usPerson":true,"validFrom":"2026-06-01T00:00:00Z"}}"""u8);
        file.Write("\n"u8);
        file.Write("""{"type":"organization_registered","data":{"orgId":"t3","name":"Caf\u00e9 \u2603","country":"US","usPerson":true,"validFrom":"2026-06-01T00:00:00Z"}}"""u8);
        file.Position = 0;

        var lines = NdjsonReader.Read(file).ToList();

        lines.Select(l => l.LineNumber).ShouldBe([1, 4, 5]);
        lines[0].Error.ShouldBeNull();
        lines[1].Command.ShouldBeNull();
        (lines[1].Error!.Code, lines[1].Error!.Message).ShouldBe((ErrorCodes.InvalidText, "the line is not UTF-8: byte 65 (0xC3) is not part of a character; save the file as UTF-8."));
        ((OrganizationRegistered)lines[2].Command!.Event).Name.ShouldBe("Café ☃");
    }
}

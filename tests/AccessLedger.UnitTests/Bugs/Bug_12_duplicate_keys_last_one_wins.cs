using System.Text.Json;
using AccessLedger.Events;
using AccessLedger.Rules;
using AccessLedger.Tests.Rules;
using AccessLedger.Wire;
using Shouldly;

namespace AccessLedger.UnitTests.Bugs;

/// <summary>
/// Issue 12, finding 8: a field written twice in a line was read with the last one winning, so a line that reads as
/// a <c>model_registered</c> to one tool was recorded as an <c>organization_registered</c>. A field written twice is
/// refused, at any depth, and by the options services use to read the contract's JSON.
/// </summary>
public sealed class Bug_12_duplicate_keys_last_one_wins
{
    [Fact]
    public void two_types_in_a_line_are_refused_not_read_as_the_last()
    {
        var error = Refused.Line(
            """{"type":"model_registered","data":{"orgId":"acme","name":"Acme","country":"US","usPerson":true,"validFrom":"2026-06-01T00:00:00Z"},"type":"organization_registered"}""", 7);

        error.Code.ShouldBe(ErrorCodes.DuplicateField);
        error.Message.ShouldBe("'type' is written twice; write each field once.");
    }

    [Theory]
    [InlineData("""{"type":"ban_lifted","data":{"directiveId":"d1","directiveId":"d2","validFrom":"2026-06-12T21:21:00Z"}}""", "'directiveId'")]
    [InlineData("""{"type":"ban_lifted","data":{"directiveId":"d1","validFrom":"2026-06-12T21:21:00Z"},"data":{"directiveId":"d2","validFrom":"2026-06-12T21:21:00Z"}}""", "'data'")]
    [InlineData("""{"type":"ban_lifted","actor":"a","actor":"b","data":{"directiveId":"d1","validFrom":"2026-06-12T21:21:00Z"}}""", "'actor'")]
    [InlineData("""{"type":"ban_issued","data":{"directiveId":"d","regulator":"r","instrument":"i","models":["m"],"scope":{"kind":"all_users","kind":"nationalities"},"legalBasis":[],"validFrom":"2026-06-01T00:00:00Z"}}""", "'scope.kind'")]
    [InlineData("""{"type":"ban_lifted","data":{"directiveId":"d1","\u0064irectiveId":"d2","validFrom":"2026-06-12T21:21:00Z"}}""", "'directiveId'")]
    public void a_field_written_twice_is_refused_at_any_depth(string line, string field)
    {
        var error = Refused.Line(line, 1);

        error.Code.ShouldBe(ErrorCodes.DuplicateField);
        error.Message.ShouldStartWith($"{field} is written twice");
    }

    [Fact]
    public void the_contract_s_json_options_refuse_a_field_written_twice() =>
        Should.Throw<JsonException>(() => JsonSerializer.Deserialize<BanLifted>("""{"directiveId":"d1","directiveId":"d2","validFrom":"2026-06-12T21:21:00Z"}""", LedgerJson.Options));
}

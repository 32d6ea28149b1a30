using AccessLedger.Events;
using AccessLedger.Rules;
using AccessLedger.Tests.Infrastructure;
using AccessLedger.Tests.Rules;
using AccessLedger.Wire;
using Shouldly;

namespace AccessLedger.Tests.Bugs;

/// <summary>
/// Issue 12, finding 6: enum values were read loosely. <c>"protected, permanent_resident"</c> was read as flags and
/// stored as <c>none</c> (a US person became a foreign person); <c>GENERAL</c>, <c>Restricted</c> and
/// <c>permanentResident</c> were accepted. Only the exact wire names are values now, everywhere an enum is written.
/// </summary>
public sealed class Bug_12_enums_parse_strictly(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    private const string Person = """{"personId":"lena","orgId":"gridco","citizenships":["DE"],"usPersonStatus":STATUS,"location":"US","validFrom":"2026-06-01T00:00:00Z"}""";

    [Fact]
    public void a_comma_separated_us_person_status_is_refused_not_stored_as_none()
    {
        var error = Refused.Line(Line("person_enrolled", Person.Replace("STATUS", "\"protected, permanent_resident\"")), 4);

        (error.Type, error.Code).ShouldBe(("person_enrolled", ErrorCodes.InvalidField));
        error.Message.ShouldStartWith("usPersonStatus 'protected, permanent_resident' is not one of citizen, permanent_resident, protected, none");
    }

    [Theory]
    [InlineData("model_registered", """{"modelId":"m","providerId":"p","name":"M","availability":"GENERAL","validFrom":"2026-06-01T00:00:00Z"}""", "availability")]
    [InlineData("model_registered", """{"modelId":"m","providerId":"p","name":"M","availability":"Restricted","validFrom":"2026-06-01T00:00:00Z"}""", "availability")]
    [InlineData("model_registered", """{"modelId":"m","providerId":"p","name":"M","availability":1,"validFrom":"2026-06-01T00:00:00Z"}""", "availability")]
    [InlineData("model_registered", """{"modelId":"m","providerId":"p","name":"M","availability":"0","validFrom":"2026-06-01T00:00:00Z"}""", "availability")]
    [InlineData("model_registered", """{"modelId":"m","providerId":"p","name":"M","availability":" general","validFrom":"2026-06-01T00:00:00Z"}""", "availability")]
    [InlineData("person_enrolled", """{"personId":"p","orgId":"o","citizenships":["DE"],"usPersonStatus":"permanentResident","location":"US","validFrom":"2026-06-01T00:00:00Z"}""", "usPersonStatus")]
    [InlineData("person_enrolled", """{"personId":"p","orgId":"o","citizenships":["DE"],"usPersonStatus":"PermanentResident","location":"US","validFrom":"2026-06-01T00:00:00Z"}""", "usPersonStatus")]
    [InlineData("ban_issued", """{"directiveId":"d","regulator":"r","instrument":"i","models":["m"],"scope":{"kind":"ALL_USERS"},"legalBasis":[],"validFrom":"2026-06-01T00:00:00Z"}""", "scope.kind")]
    [InlineData("provider_suspension_started", """{"suspensionId":"s","models":["m"],"scope":"all_users, foreign_persons","reason":"r","validFrom":"2026-06-01T00:00:00Z"}""", "scope")]
    public void only_the_exact_wire_name_is_an_enum_value(string type, string data, string field)
    {
        var error = Refused.Line(Line(type, data), 1);

        error.Code.ShouldBe(ErrorCodes.InvalidField);
        error.Message.ShouldStartWith($"{field} ");
        error.Message.ShouldContain(" one of ");
    }

    [Fact]
    public void every_exact_wire_name_reads_as_its_value()
    {
        foreach (var status in Enum.GetValues<UsPersonStatus>())
        {
            var (command, error) = NdjsonReader.ParseLine(Line("person_enrolled", Person.Replace("STATUS", $"\"{LedgerJson.Name(status)}\"")), 1);
            error.ShouldBeNull();
            ((PersonEnrolled)command!.Event).UsPersonStatus.ShouldBe(status);
        }
    }

    [Fact]
    public async Task an_enum_value_the_contract_does_not_have_is_refused_by_the_write_rules()
    {
        var ledger = await fixture.NewLedgerAsync();

        var error = await Should.ThrowAsync<LedgerRuleException>(() => ledger.RecordBatchAsync(
        [
            new LedgerCommand(new OrganizationRegistered("gridco", "GridCo", "US", true, Given.Origin)),
            new LedgerCommand(new PersonEnrolled("lena", "gridco", ["DE"], (UsPersonStatus)6, "US", Given.Origin)),
            new LedgerCommand(new ModelRegistered("mythos-5", "prov", "Mythos 5", (ModelAvailability)7, Given.Origin)),
        ]));

        (error.Code, error.Index).ShouldBe((ErrorCodes.InvalidField, 1));
        error.Message.ShouldContain("usPersonStatus");
        (await ledger.GetHeadAsync()).Position.ShouldBe(0);
    }

    private static string Line(string type, string data) => $$"""{"type":"{{type}}","data":{{data}}}""";
}

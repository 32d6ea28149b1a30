using AccessLedger.Events;
using AccessLedger.Rules;
using AccessLedger.Tests.Infrastructure;
using AccessLedger.Tests.Rules;
using AccessLedger.Wire;
using Shouldly;

namespace AccessLedger.Tests.Bugs;

/// <summary>
/// Issue 12, finding 8: <c>[null]</c> in a list, and a beneficiary without its <c>kind</c>, failed with a .NET
/// exception (exit 1 in the CLI) instead of a line's error. They are a line's error now, naming the field in the
/// contract's words; through the library, a null in a list is refused by the write rules.
/// </summary>
public sealed class Bug_12_nulls_in_lists_and_beneficiary_without_kind(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    private const string Grant = """{"type":"exception_granted","data":{"exceptionId":"e9","directiveIds":["d1"],"models":["mythos-5"],"beneficiaries":BENEFICIARIES,"requiresSafeguards":[],"requiresProvisioning":false,"validFrom":"2026-06-20T00:00:00Z"}}""";

    [Theory]
    [InlineData("""{"type":"ban_issued","data":{"directiveId":"d2","regulator":"r","instrument":"i","models":["fable-5",null],"scope":{"kind":"all_users"},"legalBasis":[],"validFrom":"2026-06-20T00:00:00Z"}}""", "models[1] is null")]
    [InlineData("""{"type":"person_enrolled","data":{"personId":"p","orgId":"o","citizenships":[null],"usPersonStatus":"none","location":"US","validFrom":"2026-06-01T00:00:00Z"}}""", "citizenships[0] is null")]
    [InlineData("""{"type":"ban_issued","data":{"directiveId":"d2","regulator":"r","instrument":"i","models":["m"],"scope":{"kind":"all_users"},"legalBasis":[null],"validFrom":"2026-06-20T00:00:00Z"}}""", "legalBasis[0] is null")]
    [InlineData("""{"type":"exception_granted","data":{"exceptionId":"e9","directiveIds":["d1"],"models":["mythos-5"],"beneficiaries":[null],"requiresSafeguards":[],"requiresProvisioning":false,"validFrom":"2026-06-20T00:00:00Z"}}""", "beneficiaries[0] is null")]
    [InlineData("""{"type":"exception_granted","data":{"exceptionId":"e9","directiveIds":["d1"],"models":["mythos-5"],"beneficiaries":[{"kind":"organization_employees","organizations":[null]}],"requiresSafeguards":[],"requiresProvisioning":false,"validFrom":"2026-06-20T00:00:00Z"}}""", "beneficiaries[0].organizations[0] is null")]
    public void a_null_in_a_list_is_a_line_s_error_naming_the_entry(string line, string message)
    {
        var error = Refused.Line(line, 2);

        error.Code.ShouldBe(ErrorCodes.InvalidField);
        error.Message.ShouldBe($"{message}; a list holds no nulls.");
    }

    [Theory]
    [InlineData("""[{"organizations":["gridco"]}]""", "beneficiaries[0] has no 'kind'; write \"kind\": one of organization_employees, provider_employees.")]
    [InlineData("""[{"kind":"organization_employees","organizations":["gridco"]},{"providerId":"prov"}]""", "beneficiaries[1] has no 'kind'")]
    [InlineData("""[{"kind":"staff","organizations":["gridco"]}]""", "beneficiaries[0].kind 'staff' is not one of organization_employees, provider_employees.")]
    [InlineData("""[{"kind":"Organization_Employees","organizations":["gridco"]}]""", "beneficiaries[0].kind 'Organization_Employees' is not one of")]
    [InlineData("""[{"kind":"provider_employees","organizations":["gridco"]}]""", "'beneficiaries[0].organizations' is not a field of beneficiaries[0] (provider_employees)")]
    [InlineData("""[{"kind":"organization_employees"}]""", "beneficiaries[0].organizations is missing.")]
    public void a_beneficiary_without_a_kind_of_the_contract_is_a_line_s_error(string beneficiaries, string message)
    {
        var error = Refused.Line(Grant.Replace("BENEFICIARIES", beneficiaries), 5);

        (error.Type, error.Code).ShouldBe(("exception_granted", ErrorCodes.InvalidField));
        error.Message.ShouldStartWith(message);
    }

    [Fact]
    public void a_beneficiary_s_kind_may_come_after_its_other_fields()
    {
        var (command, error) = NdjsonReader.ParseLine(Grant.Replace("BENEFICIARIES", """[{"organizations":["gridco"],"kind":"organization_employees"}]"""), 1);

        error.ShouldBeNull();
        ((ExceptionGranted)command!.Event).Beneficiaries.ShouldHaveSingleItem().ShouldBeOfType<OrganizationEmployees>().Organizations.ShouldBe(["gridco"]);
    }

    [Theory]
    [InlineData("""{"type":"organization_registered","data":{"orgId":"o","name":null,"country":"US","usPerson":true,"validFrom":"2026-06-01T00:00:00Z"}}""", "name is null; it needs a value.")]
    [InlineData("""{"type":"organization_registered","data":{"orgId":"o","country":"US","usPerson":true,"validFrom":"2026-06-01T00:00:00Z"}}""", "name is missing.")]
    [InlineData("""{"type":"organization_registered","data":{"orgId":"o","name":"O","country":"US","usPerson":"yes","validFrom":"2026-06-01T00:00:00Z"}}""", "usPerson must be true or false, not text.")]
    [InlineData("""{"type":"organization_registered","data":{"orgId":"o","name":"O","country":"US","usPerson":true,"validFrom":"2026-06-01T00:00:00Z","founded":1999}}""", "'founded' is not a field of organization_registered; its fields are orgId, name, country, usPerson, validFrom.")]
    [InlineData("""{"type":"ban_lifted","data":{"directiveId":["d1"],"validFrom":"2026-06-01T00:00:00Z"}}""", "directiveId must be text, not a list.")]
    [InlineData("""{"type":"ban_lifted","data":{"directiveId":"d1","validFrom":1780000000}}""", "validFrom must be a timestamp (text like \"2026-06-12T21:21:00Z\"), not a number.")]
    [InlineData("""{"type":"ban_lifted","data":"d1"}""", "data must be an object, not text.")]
    [InlineData("""{"type":"ban_lifted","data":{"directiveId":"d1","validFrom":"2026-06-01T00:00:00Z"},"recordedAt":null}""", "recordedAt must be a timestamp (text like \"2026-06-12T21:21:00Z\"), not null.")]
    [InlineData("""{"type":"ban_lifted","data":{"directiveId":"d1","validFrom":"2026-06-01T00:00:00Z"}""", "the line is not one JSON object; it goes wrong at byte 84.")]
    public void a_line_of_the_wrong_shape_is_told_in_the_contract_s_words_not_the_serializer_s(string line, string message)
    {
        var error = Refused.Line(line);

        error.Message.ShouldBe(message);
        error.Message.ShouldNotContain("AccessLedger.");
        error.Message.ShouldNotContain("System.");
        error.Message.ShouldNotContain("LineNumber");
    }

    [Fact]
    public async Task a_null_in_a_list_given_to_the_library_is_refused_by_the_write_rules()
    {
        var ledger = await fixture.NewLedgerAsync();
        var day = Given.Origin;

        var error = await Should.ThrowAsync<LedgerRuleException>(() => ledger.RecordBatchAsync(
        [
            new LedgerCommand(new OrganizationRegistered("gridco", "GridCo", "US", true, day)),
            new LedgerCommand(new PersonEnrolled("lena", "gridco", [null!], UsPersonStatus.None, "US", day)),
        ]));
        (error.Code, error.Index, error.Message).ShouldBe((ErrorCodes.InvalidField, 1, "citizenships[0] is null; a list holds no nulls."));

        var grant = new ExceptionGranted("e1", ["d1"], ["mythos-5"], [null!], [], false, day);
        Should.Throw<LedgerRuleException>(() => FieldRules.Check(grant)).Message.ShouldBe("beneficiaries[0] is null; a list holds no nulls.");
        Should.Throw<LedgerRuleException>(() => FieldRules.Check(new BanIssued("d1", "r", "i", ["m"], null!, [], day))).Message.ShouldBe("scope is missing.");
        (await ledger.GetHeadAsync()).Position.ShouldBe(0);
    }
}

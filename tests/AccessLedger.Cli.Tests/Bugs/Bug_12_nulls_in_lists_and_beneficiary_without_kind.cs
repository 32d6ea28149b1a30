using AccessLedger.Rules;
using AccessLedger.Tests.Infrastructure;
using Shouldly;

namespace AccessLedger.Cli.Tests.Bugs;

/// <summary>
/// Issue 12, finding 8, through <c>import</c>: <c>[null]</c> in a list and a beneficiary without <c>kind</c> exited 1
/// with a .NET message and no line number; they are bad lines now (exit 2), told in the contract's words.
/// </summary>
public sealed class Bug_12_nulls_in_lists_and_beneficiary_without_kind(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    [Theory]
    [InlineData("""{"type":"ban_issued","data":{"directiveId":"d1","regulator":"us-doc-bis","instrument":"letter","models":[null],"scope":{"kind":"foreign_persons"},"legalBasis":[],"validFrom":"2026-06-12T21:21:00Z"}}""", "line 3 (ban_issued): models[0] is null; a list holds no nulls. [invalid_field]")]
    [InlineData("""{"type":"person_enrolled","data":{"personId":"lena","orgId":"gridco","citizenships":["DE",null],"usPersonStatus":"none","location":"US","validFrom":"2026-06-01T00:00:00Z"}}""", "line 3 (person_enrolled): citizenships[1] is null; a list holds no nulls. [invalid_field]")]
    [InlineData("""{"type":"exception_granted","data":{"exceptionId":"e1","directiveIds":["d1"],"models":["mythos-5"],"beneficiaries":[{"organizations":["gridco"]}],"requiresSafeguards":[],"requiresProvisioning":true,"validFrom":"2026-06-26T23:00:00Z"}}""", "line 3 (exception_granted): beneficiaries[0] has no 'kind'; write \"kind\": one of organization_employees, provider_employees. [invalid_field]")]
    [InlineData("""{"type":"exception_granted","data":{"exceptionId":"e1","directiveIds":["d1"],"models":["mythos-5"],"beneficiaries":[null],"requiresSafeguards":[],"requiresProvisioning":true,"validFrom":"2026-06-26T23:00:00Z"}}""", "line 3 (exception_granted): beneficiaries[0] is null; a list holds no nulls. [invalid_field]")]
    public async Task a_null_in_a_list_or_a_beneficiary_without_kind_is_a_bad_line(string bad, string expected)
    {
        var error = await RefusedImport.ImportAsync(fixture, bad, ErrorCodes.InvalidField);

        error.ShouldBe(expected);
    }
}

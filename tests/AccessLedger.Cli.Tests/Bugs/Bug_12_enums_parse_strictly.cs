using AccessLedger.Rules;
using AccessLedger.Tests.Infrastructure;
using Shouldly;

namespace AccessLedger.Cli.Tests.Bugs;

/// <summary>Issue 12, finding 6, through <c>import</c>: an enum value that is not its exact wire name is a bad line (exit 2), not a value read loosely.</summary>
public sealed class Bug_12_enums_parse_strictly(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    [Fact]
    public async Task a_comma_separated_us_person_status_is_a_bad_line_not_a_foreign_person()
    {
        var error = await RefusedImport.ImportAsync(
            fixture,
            """{"type":"person_enrolled","data":{"personId":"priya","orgId":"gridco","citizenships":["IN"],"usPersonStatus":"protected, permanent_resident","location":"US","validFrom":"2026-06-01T00:00:00Z"}}""",
            ErrorCodes.InvalidField);

        error.ShouldBe("line 3 (person_enrolled): usPersonStatus 'protected, permanent_resident' is not one of citizen, permanent_resident, protected, none (exactly so written). [invalid_field]");
    }

    [Theory]
    [InlineData("""{"type":"model_registered","data":{"modelId":"fable-5","providerId":"prov","name":"Fable 5","availability":"GENERAL","validFrom":"2026-06-09T00:00:00Z"}}""", "availability 'GENERAL'")]
    [InlineData("""{"type":"model_registered","data":{"modelId":"fable-5","providerId":"prov","name":"Fable 5","availability":"Restricted","validFrom":"2026-06-09T00:00:00Z"}}""", "availability 'Restricted'")]
    [InlineData("""{"type":"person_enrolled","data":{"personId":"priya","orgId":"gridco","citizenships":["IN"],"usPersonStatus":"permanentResident","location":"US","validFrom":"2026-06-01T00:00:00Z"}}""", "usPersonStatus 'permanentResident'")]
    public async Task a_wire_name_in_another_case_is_a_bad_line(string bad, string quoted)
    {
        var error = await RefusedImport.ImportAsync(fixture, bad, ErrorCodes.InvalidField);

        error.ShouldContain($"): {quoted} is not one of ");
    }
}

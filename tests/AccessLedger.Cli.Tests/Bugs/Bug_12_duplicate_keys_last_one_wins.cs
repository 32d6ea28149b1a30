using AccessLedger.Rules;
using AccessLedger.Tests.Infrastructure;
using Shouldly;

namespace AccessLedger.Cli.Tests.Bugs;

/// <summary>Issue 12, finding 8, through <c>import</c>: a line with two <c>type</c>s was recorded as the last one; it is a bad line now (exit 2).</summary>
public sealed class Bug_12_duplicate_keys_last_one_wins(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    [Fact]
    public async Task a_model_registered_with_a_second_type_is_not_recorded_as_an_organization()
    {
        var error = await RefusedImport.ImportAsync(
            fixture,
            """{"type":"model_registered","data":{"orgId":"acme","name":"Acme","country":"US","usPerson":true,"validFrom":"2026-06-01T00:00:00Z"},"type":"organization_registered"}""",
            ErrorCodes.DuplicateField);

        error.ShouldBe("line 3: 'type' is written twice; write each field once. [duplicate_field]");
    }

    [Fact]
    public async Task a_data_field_written_twice_is_a_bad_line_of_its_type()
    {
        var error = await RefusedImport.ImportAsync(
            fixture,
            """{"type":"person_enrolled","data":{"personId":"lena","orgId":"gridco","citizenships":["DE"],"usPersonStatus":"citizen","usPersonStatus":"none","location":"US","validFrom":"2026-06-01T00:00:00Z"}}""",
            ErrorCodes.DuplicateField);

        error.ShouldBe("line 3 (person_enrolled): 'usPersonStatus' is written twice; write each field once. [duplicate_field]");
    }
}

using AccessLedger.Cli.Tests.Infrastructure;
using AccessLedger.Tests.Infrastructure;
using Shouldly;

namespace AccessLedger.Cli.Tests;

/// <summary>
/// LEDGER.md section 7.4 through <c>accessledger import</c>: the autumn scenario with one line that breaks a rule of
/// version 2 appended after its 49 valid lines. The import names the line and the rule's stable code, and writes
/// nothing, not even the valid lines before it.
/// </summary>
public sealed class VersionTwoImportErrorTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    private readonly CliRunner _cli = CliRunner.For(fixture);

    public static TheoryData<string, string> BadLines() => new()
    {
        // Ownership: registered organizations, never itself, shares in (0, 100] adding up to at most 100.
        { """{"type":"ownership_recorded","data":{"orgId":"nowhere-ltd","owners":[{"orgId":"shadowlab","percent":60}],"validFrom":"2026-10-01T00:00:00Z"}}""", "[unknown_organization]" },
        { """{"type":"ownership_recorded","data":{"orgId":"harbor-ai","owners":[{"orgId":"nowhere-ltd","percent":60}],"validFrom":"2026-10-01T00:00:00Z"}}""", "[unknown_organization]" },
        { """{"type":"ownership_recorded","data":{"orgId":"harbor-ai","owners":[{"orgId":"harbor-ai","percent":60}],"validFrom":"2026-10-01T00:00:00Z"}}""", "cannot own itself" },
        { """{"type":"ownership_recorded","data":{"orgId":"coastal-labs","owners":[{"orgId":"harbor-ai","percent":60},{"orgId":"shadowlab","percent":41}],"validFrom":"2026-10-01T00:00:00Z"}}""", "add up to 101 %" },
        { """{"type":"ownership_recorded","data":{"orgId":"coastal-labs","owners":[{"orgId":"harbor-ai","percent":0}],"validFrom":"2026-10-01T00:00:00Z"}}""", "a share is more than 0 and at most 100" },

        // Classification and status changes need a registered model and an enrolled person.
        { """{"type":"model_classified","data":{"modelId":"mythos-9","classes":["mythos-class"],"validFrom":"2026-10-01T00:00:00Z"}}""", "[unknown_model]" },
        { """{"type":"person_status_changed","data":{"personId":"nobody","citizenships":["US"],"usPersonStatus":"citizen","validFrom":"2026-10-01T00:00:00Z"}}""", "[unknown_person]" },

        // Groups are defined before a ban names them or an amendment changes them; scopes name something.
        { """{"type":"country_group_amended","data":{"groupId":"d-9","addCountries":["NI"],"removeCountries":[],"validFrom":"2026-10-01T00:00:00Z"}}""", "[unknown_country_group]" },
        { """{"type":"ban_issued","data":{"directiveId":"d9","regulator":"us-doc-bis","instrument":"rule","models":["fable-5"],"scope":{"kind":"destinations","countries":[],"groups":["d-9"]},"legalBasis":[],"validFrom":"2026-10-01T00:00:00Z"}}""", "[unknown_country_group]" },
        { """{"type":"ban_issued","data":{"directiveId":"d9","regulator":"us-doc-bis","instrument":"rule","models":["fable-5"],"scope":{"kind":"destinations","countries":[]},"legalBasis":[],"validFrom":"2026-10-01T00:00:00Z"}}""", "lists at least one country or country group" },

        // Validity after the fact: an instrument issued before, an end after its start, a suspension to reinstate.
        { """{"type":"ban_validity_changed","data":{"directiveId":"d9","validTo":null,"validFrom":"2026-10-01T00:00:00Z"}}""", "[unknown_directive]" },
        { """{"type":"ban_validity_changed","data":{"directiveId":"d2","validTo":"2026-07-01T00:00:00Z","validFrom":"2026-06-01T00:00:00Z"}}""", "[invalid_interval]" },
        { """{"type":"ban_reinstated","data":{"directiveId":"d3","validFrom":"2026-10-01T00:00:00Z"}}""", "[unknown_suspension]" },
        { """{"type":"exception_validity_changed","data":{"exceptionId":"e9","validTo":null,"validFrom":"2026-10-01T00:00:00Z"}}""", "[unknown_exception]" },

        // Organizations only on a ban on parties; an exception's classes named by its directives.
        { """{"type":"ban_amended","data":{"directiveId":"d2","addModels":[],"removeModels":[],"addOrganizations":["gridco"],"validFrom":"2026-10-01T00:00:00Z"}}""", "[invalid_field]" },
        { """{"type":"exception_granted","data":{"exceptionId":"e9","directiveIds":["d2"],"models":[],"classes":["fable-class"],"beneficiaries":[{"kind":"organization_employees","organizations":["gridco"]}],"requiresSafeguards":[],"requiresProvisioning":false,"validFrom":"2026-10-01T00:00:00Z"}}""", "[model_not_covered]" },

        // Sources: a kind of the list, a citation, instants with an offset.
        { """{"type":"ban_lifted","data":{"directiveId":"d3","validFrom":"2026-10-01T00:00:00Z","source":{"kind":"tweet","citation":"x"}}}""", "source.kind" },
        { """{"type":"ban_lifted","data":{"directiveId":"d3","validFrom":"2026-10-01T00:00:00Z","source":{"kind":"letter","citation":""}}}""", "[invalid_field]" },
        { """{"type":"ban_lifted","data":{"directiveId":"d3","validFrom":"2026-10-01T00:00:00Z","source":{"kind":"letter","citation":"BIS letter","receivedAt":"2026-10-01T00:00:00"}}}""", "not a timestamp with an offset" },
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public async Task a_line_breaking_a_version_two_rule_after_the_autumn_writes_nothing(string bad, string reason)
    {
        var lines = File.ReadAllLines(Scenario.PathOf(Scenario.Autumn)).Append(bad).ToList();
        using var file = new TempFile(lines);

        var run = await _cli.RunAsync("import", file.Path);

        run.Exit.ShouldBe(ExitCodes.BadInput, run.ToString());
        run.Error.ShouldContain($"line {lines.Count} (");
        run.Error.ShouldContain(reason);
        run.Error.ShouldContain($"nothing of {file.Path} was written.");
        (await fixture.Ledger.GetHeadAsync()).Position.ShouldBe(0);
    }
}

using AccessLedger.Cli.Tests.Infrastructure;
using AccessLedger.Tests.Infrastructure;
using Shouldly;

namespace AccessLedger.Cli.Tests;

/// <summary>A bad line anywhere in a file: its number, type and reason on stderr, exit 2, and nothing of the file written.</summary>
public sealed class ImportErrorTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    private readonly CliRunner _cli = CliRunner.For(fixture);

    public static TheoryData<string, string, string> BadLines() => new()
    {
        // Valid on the wire, but the exception relieves a directive the ledger never saw.
        {
            """{"type":"exception_granted","data":{"exceptionId":"e9","directiveIds":["d9"],"models":["mythos-5"],"beneficiaries":[{"kind":"organization_employees","organizations":["gridco"]}],"requiresSafeguards":[],"requiresProvisioning":false,"validFrom":"2026-06-20T00:00:00Z"}}""",
            "exception_granted", "[unknown_directive]"
        },
        // Not of the wire format: a timestamp without an offset.
        {
            """{"type":"ban_issued","data":{"directiveId":"d2","regulator":"us-doc-bis","instrument":"letter","models":["fable-5"],"scope":{"kind":"all_users"},"legalBasis":[],"validFrom":"2026-06-20T00:00:00"}}""",
            "ban_issued", "not a timestamp with an offset"
        },
        // Strict input (issue 12): a loose enum value, a null in a list, an instant finer than the ledger keeps, text
        // PostgreSQL cannot store.
        {
            """{"type":"person_enrolled","data":{"personId":"zoe","orgId":"gridco","citizenships":["US"],"usPersonStatus":"Citizen","location":"US","validFrom":"2026-06-01T00:00:00Z"}}""",
            "person_enrolled", "usPersonStatus 'Citizen' is not one of citizen, permanent_resident, protected, none"
        },
        {
            """{"type":"ban_amended","data":{"directiveId":"d1","addModels":[null],"removeModels":[],"validFrom":"2026-06-20T00:00:00Z"}}""",
            "ban_amended", "addModels[0] is null; a list holds no nulls. [invalid_field]"
        },
        {
            """{"type":"exception_amended","data":{"exceptionId":"e1","addOrganizations":["acme"],"removeOrganizations":[],"validFrom":"2026-06-20T00:00:00.0000001Z"}}""",
            "exception_amended", "validFrom 2026-06-20T00:00:00.0000001Z is finer than a microsecond"
        },
        {
            """{"type":"negotiation_closed","data":{"caseId":"c1","outcome":"granted\u0000","validFrom":"2026-06-26T00:00:00Z"}}""",
            "negotiation_closed", "outcome 'granted\\u0000' contains a NUL character"
        },
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public async Task a_bad_line_in_the_middle_of_a_file_writes_nothing_and_is_named_by_line_and_type(string bad, string type, string reason)
    {
        var (file, line) = ScenarioWith(bad);
        using var _ = file;

        var run = await _cli.RunAsync("import", file.Path);

        run.Exit.ShouldBe(ExitCodes.BadInput, run.ToString());
        run.Error.ShouldContain($"line {line} ({type}): ");
        run.Error.ShouldContain(reason);
        run.Error.ShouldContain($"nothing of {file.Path} was written.");
        run.Out.ShouldBeEmpty();
        await ShouldHoldNoEventsAsync();
    }

    [Fact]
    public async Task a_missing_file_is_bad_input()
    {
        var run = await _cli.RunAsync("import", Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.ndjson"));

        run.Exit.ShouldBe(ExitCodes.BadInput, run.ToString());
        run.Error.ShouldContain("does not exist");
    }

    [Fact]
    public async Task a_large_file_reports_its_progress_on_stderr()
    {
        var count = Commands.ImportCommand.ProgressThreshold;
        using var file = new TempFile(Enumerable.Range(0, count).Select(i =>
            $$$"""{"type":"organization_registered","data":{"orgId":"org-{{{i}}}","name":"Org {{{i}}}","country":"US","usPerson":true,"validFrom":"2026-06-01T00:00:00Z"}}"""));

        var run = await (await CliRunner.MigratedAsync(fixture.ConnectionString, "progress")).RunAsync("import", file.Path);

        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Out.ShouldContain($"{count} events recorded");
        run.Error.ShouldContain($"checked {count / 10} of {count} events (10%)");
        run.Error.ShouldContain($"checked {count} of {count} events (100%); writing them to PostgreSQL");
    }

    private async Task ShouldHoldNoEventsAsync()
    {
        var events = await _cli.RunAsync("events", "--json");
        events.Exit.ShouldBe(ExitCodes.Ok, events.ToString());
        events.Out.ShouldBeEmpty();
        (await fixture.Ledger.GetHeadAsync()).Position.ShouldBe(0);
    }

    /// <summary>The scenario with <paramref name="bad"/> inserted halfway; returns the file and the bad line's number.</summary>
    private static (TempFile File, int Line) ScenarioWith(string bad)
    {
        var lines = File.ReadAllLines(CliRunner.ScenarioFile).ToList();
        var at = lines.Count / 2;
        lines.Insert(at, bad);
        return (new TempFile(lines), at + 1);
    }
}

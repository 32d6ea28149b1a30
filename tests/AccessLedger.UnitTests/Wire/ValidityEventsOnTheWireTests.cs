using AccessLedger.Events;
using AccessLedger.Wire;
using Shouldly;

namespace AccessLedger.UnitTests.Wire;

/// <summary>The validity events of LEDGER.md section 7.1 read from the autumn scenario's own lines, and their shape checked.</summary>
public sealed class ValidityEventsOnTheWireTests
{
    private static (LedgerCommand? Command, WireError? Error) Read(string line)
    {
        var (_, command, error) = NdjsonReader.Read(new StringReader(line)).Single();
        return (command, error);
    }

    [Fact]
    public void the_autumn_scenario_s_extension_and_suspension_read_with_their_sources()
    {
        var (extension, _) = Read("""{"type":"exception_validity_changed","recordedAt":"2026-10-05T14:00:00Z","data":{"exceptionId":"e2","validTo":"2027-01-01T05:00:00Z","validFrom":"2026-09-30T04:00:00Z","source":{"kind":"federal_register","citation":"91 FR 60210","publishedAt":"2026-10-02T10:00:00Z"}}}""");
        extension.ShouldNotBeNull().Event.ShouldBe(new ExceptionValidityChanged(
            "e2", DateTimeOffset.Parse("2027-01-01T05:00:00Z"), DateTimeOffset.Parse("2026-09-30T04:00:00Z"),
            new Source(SourceKind.FederalRegister, "91 FR 60210", DateTimeOffset.Parse("2026-10-02T10:00:00Z"))));

        var (suspension, _) = Read("""{"type":"ban_suspended","recordedAt":"2026-11-02T14:00:00Z","data":{"directiveId":"d2","reason":"enforcement paused pending review","validFrom":"2026-11-01T04:00:00Z","validTo":"2026-12-01T05:00:00Z","source":{"kind":"press_release","citation":"Commerce press release of 2026-11-01","publishedAt":"2026-11-01T20:00:00Z"}}}""");
        suspension.ShouldNotBeNull().Event.ShouldBeOfType<BanSuspended>().Source!.Kind.ShouldBe(SourceKind.PressRelease);
    }

    [Fact]
    public void an_open_ended_validity_change_says_so_with_null_and_must_say_it()
    {
        var (open, _) = Read("""{"type":"ban_validity_changed","data":{"directiveId":"d1","validTo":null,"validFrom":"2026-09-30T04:00:00Z"}}""");
        open.ShouldNotBeNull().Event.ShouldBe(new BanValidityChanged("d1", null, DateTimeOffset.Parse("2026-09-30T04:00:00Z")));

        var (_, missing) = Read("""{"type":"ban_validity_changed","data":{"directiveId":"d1","validFrom":"2026-09-30T04:00:00Z"}}""");
        missing.ShouldNotBeNull().Message.ShouldContain("validTo");
    }

    [Fact]
    public void a_source_of_no_kind_of_the_contract_is_refused_in_the_contract_s_words()
    {
        var (_, error) = Read("""{"type":"ban_reinstated","data":{"directiveId":"d1","validFrom":"2026-09-30T04:00:00Z","source":{"kind":"tweet","citation":"x"}}}""");
        error.ShouldNotBeNull().Message.ShouldContain("source.kind");
    }

    [Fact]
    public void the_mythos_class_rule_of_the_autumn_scenario_reads_with_its_classes_and_source()
    {
        var (rule, error) = Read("""{"type":"ban_issued","recordedAt":"2026-08-10T15:00:00Z","commandId":"d2-issue","actor":"compliance@prov","data":{"directiveId":"d2","regulator":"us-doc-bis","instrument":"interim-final-rule","models":[],"classes":["mythos-class"],"scope":{"kind":"foreign_persons"},"legalBasis":["15 CFR 744.23"],"validFrom":"2026-08-01T04:00:00Z","source":{"kind":"federal_register","citation":"91 FR 50001","publishedAt":"2026-08-04T10:00:00Z"}}}""");

        error.ShouldBeNull();
        var ban = rule.ShouldNotBeNull().Event.ShouldBeOfType<BanIssued>();
        ban.Classes.ShouldBe(["mythos-class"]);
        ban.Source.ShouldBe(new Source(SourceKind.FederalRegister, "91 FR 50001", DateTimeOffset.Parse("2026-08-04T10:00:00Z")));
    }
}

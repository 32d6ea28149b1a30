using AccessLedger.Decisions;
using AccessLedger.Events;
using AccessLedger.Tests.Infrastructure;
using AccessLedger.Wire;
using Shouldly;

namespace AccessLedger.Tests.Docs;

/// <summary>The README's quick start, line for line (keep the two in step): it runs and answers as the README says.</summary>
public sealed class ReadmeQuickStartTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    [Fact]
    public async Task the_quick_start_records_a_late_ban_and_answers_on_both_clocks()
    {
        await using var ledger = await fixture.NewLedgerAsync();
        static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);

        // --- README: Quick start ---
        // History, with the recordedAt it had; new writes leave recordedAt to the ledger's clock.
        await ledger.RecordBatchAsync(
        [
            new LedgerCommand(new ModelRegistered("mythos-5", "prov", "Mythos 5", ModelAvailability.General, At("2026-06-09T00:00:00Z")), RecordedAt: At("2026-06-09T12:00:00Z")),
            new LedgerCommand(new OrganizationRegistered("gridco", "GridCo Transmission", "US", UsPerson: true, At("2026-06-01T00:00:00Z")), RecordedAt: At("2026-06-09T12:01:00Z")),
            new LedgerCommand(new PersonEnrolled("lena", "gridco", ["DE"], UsPersonStatus.None, "US", At("2026-06-01T00:00:00Z")), RecordedAt: At("2026-06-09T12:02:00Z")),
        ]);
        // The ban took effect at 21:21 on 12 June but was recorded the next day.
        await ledger.RecordAsync(new LedgerCommand(
            new BanIssued("d1", "us-doc-bis", "is-informed-letter", ["mythos-5"], new BanScope(BanScopeKind.ForeignPersons),
                ["15 CFR 744.22"], ValidFrom: At("2026-06-12T21:21:00Z")),
            CommandId: "d1-issue", Actor: "compliance@prov", RecordedAt: At("2026-06-13T14:00:00Z")));

        var asKnownNow = await ledger.DecideAsync("mythos-5", Subject.Person("lena"), at: At("2026-06-12T22:00:00Z"));
        var asKnownThen = await ledger.DecideAsync("mythos-5", Subject.Person("lena"), at: At("2026-06-12T22:00:00Z"), knownAt: At("2026-06-12T22:00:00Z"));
        // --- end of quick start ---

        asKnownNow.Reasons.Select(r => r.Code).ShouldBe([ReasonCodes.LegalBan]);
        asKnownNow.Reasons[0].Events.Single().Stream.ShouldBe("directive-d1");

        asKnownThen.Allowed.ShouldBeTrue();
    }
}

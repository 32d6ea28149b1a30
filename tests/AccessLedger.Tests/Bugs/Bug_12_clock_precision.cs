using AccessLedger.Decisions;
using AccessLedger.Events;
using AccessLedger.Tests.Infrastructure;
using AccessLedger.Wire;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace AccessLedger.Tests.Bugs;

/// <summary>
/// Issue 12, finding 1: the clock gives 100 ns ticks, the chain's column keeps microseconds, and verify compared the
/// two, so untouched ledgers written by the clock reported tampering; re-importing an export gave another head; and
/// at a sub-microsecond K, the events as known and the decision as known disagreed.
/// </summary>
public sealed class Bug_12_clock_precision(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    private static readonly DateTimeOffset June = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static IEnumerable<LedgerCommand> Writes(int count) =>
        Enumerable.Range(0, count).Select(i => i switch
        {
            0 => new LedgerCommand(new OrganizationRegistered("gridco", "GridCo", "US", UsPerson: true, June)),
            1 => new LedgerCommand(new ModelRegistered("mythos-5", "prov", "Mythos 5", ModelAvailability.General, June)),
            _ => new LedgerCommand(new PersonEnrolled($"p{i}", "gridco", ["DE"], UsPersonStatus.None, "US", June.AddMinutes(i)), Actor: "hr@gridco"),
        });

    [Fact]
    public async Task a_thousand_writes_stamped_by_the_real_clock_leave_verify_intact()
    {
        var ledger = await fixture.NewLedgerAsync(TimeProvider.System);

        // One transaction each, as a service writes: every recordedAt comes from the machine's clock.
        foreach (var command in Writes(1_000))
        {
            await ledger.RecordAsync(command);
        }

        var result = await ledger.VerifyAsync(checkpoint: null, deep: true);
        result.Problem.ShouldBeNull();
        result.DerivedStateProblems.ShouldBeEmpty();
        result.EventsChecked.ShouldBe(1_000);
    }

    [Fact]
    public async Task a_clock_with_sub_microsecond_ticks_stamps_whole_microseconds()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero).AddTicks(1_234_567));
        var ledger = await fixture.NewLedgerAsync(clock);

        var written = await ledger.RecordBatchAsync(Writes(3).ToList());

        written.Results.ShouldAllBe(r => r.RecordedAt.UtcTicks % TimeSpan.TicksPerMicrosecond == 0);
        written.Results[0].RecordedAt.ShouldBe(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero).AddTicks(1_234_560));
        (await ledger.VerifyAsync()).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task an_export_reimported_elsewhere_reproduces_the_head_hash()
    {
        var source = await fixture.NewLedgerAsync(TimeProvider.System);
        foreach (var command in Writes(40))
        {
            await source.RecordAsync(command);
        }

        // What `events --json` prints and `import` reads: every event with its recordedAt, commandId and actor.
        var exported = await source.ReadEventsAsync().Select(e => new LedgerCommand(e.Data, e.CommandId, e.Actor, e.RecordedAt)).ToListAsync();
        var copy = await fixture.NewLedgerAsync(TimeProvider.System);
        await copy.RecordBatchAsync(exported);

        (await copy.GetHeadAsync()).ShouldBe(await source.GetHeadAsync());
        (await copy.VerifyAsync(await source.GetHeadAsync())).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task at_a_sub_microsecond_knowledge_time_the_events_known_and_the_decision_agree()
    {
        var start = new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero).AddTicks(7);
        var clock = new FakeTimeProvider(start);
        var ledger = await fixture.NewLedgerAsync(clock);
        await ledger.RecordBatchAsync(Writes(3).ToList());
        clock.Advance(TimeSpan.FromTicks(12_345));
        var ban = await ledger.RecordAsync(new LedgerCommand(new BanIssued("d1", "us-doc-bis", "letter", ["mythos-5"], new BanScope(BanScopeKind.ForeignPersons), ["15 CFR 744.22"], June)));

        foreach (var k in new[] { ban.RecordedAt.AddTicks(-1), ban.RecordedAt, ban.RecordedAt.AddTicks(5), ban.RecordedAt.AddTicks(9) })
        {
            var known = await ledger.ReadEventsAsync(knownAt: k).AnyAsync(e => e.Type == "ban_issued");
            var decision = await ledger.DecideAsync("mythos-5", Subject.Person("p2"), June.AddDays(1), knownAt: k);
            decision.Allowed.ShouldBe(!known, $"at K = {k:O} the events say the ban was {(known ? "" : "not ")}known");
        }
    }
}

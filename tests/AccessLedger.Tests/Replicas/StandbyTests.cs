using System.Diagnostics;
using AccessLedger.Decisions;
using AccessLedger.Events;
using AccessLedger.Wire;
using Shouldly;

namespace AccessLedger.Tests.Replicas;

/// <summary>
/// Decisions on a real streaming hot standby: the June episode's questions answered there, and read-your-writes
/// through a minimum position while the standby's replay is paused.
/// </summary>
public sealed class StandbyTests(StandbyFixture fixture) : IClassFixture<StandbyFixture>
{
    [Fact]
    public async Task the_scenarios_questions_are_answered_on_the_standby_at_the_position_it_replayed()
    {
        var (ledger, store) = await fixture.NewLedgerAsync(TimeSpan.FromSeconds(1));
        await using var _ = store;
        await ledger.RecordBatchAsync(Infrastructure.Scenario.Commands());
        await fixture.ReplayedAsync(ledger.Schema, 21);
        await fixture.PauseReplayAsync(true);
        try
        {
            // The primary moves on; the standby stays at 21, so an answer at 21 came from the standby.
            await ledger.RecordAsync(new LedgerCommand(new PersonRelocated("sam", "GB", new DateTimeOffset(2026, 8, 1, 0, 0, 0, TimeSpan.Zero))));
            (await ledger.GetHeadAsync()).Position.ShouldBe(22);

            foreach (var q in Infrastructure.Scenario.Questions())
            {
                var decision = await ledger.DecideAsync(q.Model, Subject.Person(q.Person), q.At, q.KnownAt);
                (decision.Allowed ? "allowed" : "denied").ShouldBe(q.Decision, $"q{q.Q}");
                decision.Reasons.Select(r => r.Code).ShouldBe(q.Reasons, $"q{q.Q}");
                decision.Checkpoint!.Position.ShouldBe(21, $"q{q.Q} was answered on the standby");

                var atLeast21 = await ledger.DecideAtLeastAsync(21, q.Model, Subject.Person(q.Person), q.At, q.KnownAt);
                atLeast21.Checkpoint!.Position.ShouldBe(21, $"q{q.Q}: the standby has replayed 21");
            }

            var who = await ledger.WhoCouldAccessAsync("mythos-5", new DateTimeOffset(2026, 6, 30, 0, 0, 0, TimeSpan.Zero));
            who.ShouldNotBeNull();
        }
        finally
        {
            await fixture.PauseReplayAsync(false);
        }
    }

    [Fact]
    public async Task a_minimum_position_reads_your_write_while_the_standby_lags_and_on_the_standby_once_it_has_replayed()
    {
        var wait = TimeSpan.FromMilliseconds(300);
        var (ledger, store) = await fixture.NewLedgerAsync(wait);
        await using var _ = store;
        await ledger.RecordBatchAsync(Infrastructure.Scenario.Commands());
        await fixture.ReplayedAsync(ledger.Schema, 21);
        var now = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        (await ledger.DecideAsync("mythos-5", Subject.Person("lena"), now)).Allowed.ShouldBeTrue();

        await fixture.PauseReplayAsync(true);
        try
        {
            var write = await ledger.RecordAsync(new LedgerCommand(new PartnerDeprovisioned("gridco", "mythos-5", "audit finding", now.AddDays(-1))));
            write.Position.ShouldBe(22);

            var stale = await ledger.DecideAsync("mythos-5", Subject.Person("lena"), now);
            (stale.Allowed, stale.Checkpoint!.Position).ShouldBe((true, 21L), "without a minimum, the lagging standby answers");

            var clock = Stopwatch.StartNew();
            var fresh = await ledger.DecideAtLeastAsync(write.Position, "mythos-5", Subject.Person("lena"), now);
            clock.Elapsed.ShouldBeGreaterThanOrEqualTo(wait, "it waited for the standby first");
            (fresh.Allowed, fresh.Checkpoint!.Position).ShouldBe((false, 22L), "the primary answered with the write");
            fresh.Reasons.Select(r => r.Code).ShouldContain(ReasonCodes.NotProvisioned);
            (await fixture.HeadOnStandbyAsync(ledger.Schema)).ShouldBe(21, "the standby still lags");
        }
        finally
        {
            await fixture.PauseReplayAsync(false);
        }

        // Resumed while the question waits: the standby answers as soon as it has replayed the write.
        await fixture.PauseReplayAsync(true);
        var second = await ledger.RecordAsync(new LedgerCommand(new PartnerProvisioned("gridco", "mythos-5", now.AddHours(-1))));
        var asked = ledger.DecideAtLeastAsync(second.Position, "mythos-5", Subject.Person("lena"), now);
        await Task.Delay(50);
        await fixture.PauseReplayAsync(false);
        var answer = await asked;
        (answer.Allowed, answer.Checkpoint!.Position).ShouldBe((true, 23L));
    }
}

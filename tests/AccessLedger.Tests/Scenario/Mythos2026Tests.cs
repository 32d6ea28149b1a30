using AccessLedger.Decisions;
using AccessLedger.Tests.Infrastructure;
using Shouldly;

namespace AccessLedger.Tests.Scenario;

/// <summary>The acceptance scenario on real PostgreSQL: record the June 2026 episode, ask the 12 questions.</summary>
public sealed class Mythos2026Tests(LedgerFixture fixture) : IClassFixture<LedgerFixture>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        if (await fixture.Ledger.GetHeadAsync() is { Position: 0 })
        {
            await fixture.Ledger.RecordBatchAsync(Infrastructure.Scenario.Commands());
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<int> QuestionNumbers() => new(Infrastructure.Scenario.Questions().Select(q => q.Q));

    [Theory]
    [MemberData(nameof(QuestionNumbers))]
    public async Task every_question_of_the_scenario_gets_its_expected_decision_and_reasons(int number)
    {
        var q = Infrastructure.Scenario.Questions().Single(x => x.Q == number);

        var decision = await fixture.Ledger.DecideAsync(q.Model, Subject.Person(q.Person), q.At, q.KnownAt);

        (decision.Allowed ? "allowed" : "denied").ShouldBe(q.Decision, $"q{q.Q}: {string.Join(" | ", decision.Reasons.Select(r => r.Message))}");
        decision.Reasons.Select(r => r.Code).ShouldBe(q.Reasons, $"q{q.Q}");
        decision.Reasons.ShouldAllBe(r => r.Events.Count > 0 || r.Code == ReasonCodes.UnknownSubject);
        if (decision.Allowed)
        {
            decision.Basis.ShouldContain(e => e.Type == "model_registered");
        }
    }

    [Fact]
    public async Task an_allowed_answer_under_the_exception_cites_ban_exception_safeguard_and_provisioning()
    {
        var decision = await fixture.Ledger.DecideAsync("mythos-5", Subject.Person("lena"), At("2026-06-30T00:00:00Z"));

        decision.Basis.Select(e => e.Type).ShouldBe(
            ["model_registered", "person_enrolled", "organization_registered", "ban_issued", "exception_granted", "safeguard_certified", "partner_provisioned"],
            ignoreOrder: true);
        decision.Checkpoint!.Position.ShouldBe(21);
    }

    [Fact]
    public async Task the_late_recorded_ban_is_cited_with_both_clocks()
    {
        var decision = await fixture.Ledger.DecideAsync("mythos-5", Subject.Person("lena"), At("2026-06-12T22:00:00Z"));

        var ban = decision.Reasons.Single().Events.Single();
        (ban.Stream, ban.Version, ban.Type).ShouldBe(("directive-d1", 1L, "ban_issued"));
        ban.ValidFrom.ShouldBe(At("2026-06-12T21:21:00Z"));
        ban.RecordedAt.ShouldBe(At("2026-06-13T14:00:00Z"));
    }

    [Fact]
    public async Task recording_the_episode_again_is_an_idempotent_repeat()
    {
        var result = await fixture.Ledger.RecordBatchAsync(Infrastructure.Scenario.Commands());

        result.Recorded.ShouldBe(0);
        result.Repeated.ShouldBe(21);
        (await fixture.Ledger.GetHeadAsync()).Position.ShouldBe(21);
    }

    private static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);
}

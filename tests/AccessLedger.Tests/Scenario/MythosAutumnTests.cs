using AccessLedger.Decisions;
using AccessLedger.Tests.Infrastructure;
using Shouldly;

namespace AccessLedger.Tests.Scenario;

/// <summary>
/// Version 2's acceptance scenario on real PostgreSQL (shared/scenarios/README.md): record the June episode and its
/// autumn continuation, ask the 41 questions — the 12 June ones, whose answers do not change, and a1 to a29.
/// </summary>
public sealed class MythosAutumnTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        if (await fixture.Ledger.GetHeadAsync() is { Position: 0 })
        {
            await fixture.Ledger.RecordBatchAsync(Infrastructure.Scenario.Commands(Infrastructure.Scenario.Autumn));
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string> QuestionIds() => new(Infrastructure.Scenario.AutumnQuestions().Select(q => q.Q));

    [Theory]
    [MemberData(nameof(QuestionIds))]
    public async Task every_question_of_the_autumn_gets_its_expected_decision_and_reasons(string id)
    {
        var q = Infrastructure.Scenario.AutumnQuestions().Single(x => x.Q == id);

        var decision = await fixture.Ledger.DecideAsync(q.Ask);

        (decision.Allowed ? "allowed" : "denied").ShouldBe(q.Decision, $"{q.Q}: {string.Join(" | ", decision.Reasons.Select(r => r.Message))}");
        decision.Reasons.Select(r => r.Code).ShouldBe(q.Reasons, q.Q);
        decision.Activity.ShouldBe(q.Ask.Activity);
        decision.Knowledge.ShouldBe(q.Ask.Knowledge);
    }

    [Fact]
    public async Task the_fifty_percent_rule_cites_the_ownerships_that_put_coastal_labs_in_restricted_hands()
    {
        var decision = await fixture.Ledger.DecideAsync("mythos-5-1", Subject.Person("omar"), At("2026-09-20T00:00:00Z"));

        var reason = decision.Reasons.Single();
        reason.Code.ShouldBe(ReasonCodes.RestrictedParty);
        reason.Events.Select(e => (e.Stream, e.Type)).ShouldBe(
            [("directive-d4", "ban_issued"), ("org-harbor-ai", "ownership_recorded"), ("org-coastal-labs", "ownership_recorded")]);
        reason.Message.ShouldContain("reaches coastal-labs");
    }

    [Fact]
    public async Task on_notice_the_class_rule_is_cited_with_its_publication_date()
    {
        var question = new DecisionQuestion("mythos-5-1", Subject.Person("lena"), At("2026-08-05T00:00:00Z")) { KnownAt = At("2026-08-05T00:00:00Z"), Knowledge = KnowledgeBasis.Notice };

        var ban = (await fixture.Ledger.DecideAsync(question)).Reasons.Single().Events.Single();

        (ban.Stream, ban.Type).ShouldBe(("directive-d2", "ban_issued"));
        ban.NoticeAt.ShouldBe(At("2026-08-04T10:00:00Z"));
        ban.RecordedAt.ShouldBe(At("2026-08-10T15:00:00Z"));
        (await fixture.Ledger.DecideAsync(question with { Knowledge = KnowledgeBasis.Recorded })).Allowed.ShouldBeTrue("recorded only on 10 August");
    }

    [Fact]
    public async Task the_autumn_file_repeats_idempotently_and_its_june_part_is_the_june_ledger()
    {
        var result = await fixture.Ledger.RecordBatchAsync(Infrastructure.Scenario.Commands(Infrastructure.Scenario.Autumn));
        result.Recorded.ShouldBe(0);

        // Version 1's bytes are unchanged by version 2: the June part hashes to the June ledger's chain.
        await using var june = await fixture.NewLedgerAsync(TimeProvider.System);
        await june.RecordBatchAsync(Infrastructure.Scenario.Commands());
        var juneHead = await june.GetHeadAsync();
        juneHead.Position.ShouldBe(21);
        (await fixture.Ledger.VerifyAsync(checkpoint: juneHead, deep: true)).Intact.ShouldBeTrue();
    }

    private static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);
}

using AccessLedger.Audit;
using AccessLedger.Decisions;
using AccessLedger.Tests.Infrastructure;
using Shouldly;
using static AccessLedger.Tests.Infrastructure.LateBan;

namespace AccessLedger.Tests.Audit;

/// <summary>
/// The audit questions with an activity and a knowledge basis (LEDGER.md sections 7.2, 7.5), on the late ban of
/// <see cref="LateBan"/>: d2 took effect on 1 August, the public record said so on 4 August, the ledger recorded it
/// on 10 August; e2 relieves only <c>use</c> from 12 August. The expected answers are derived by hand in the comments.
/// </summary>
public sealed class KnowledgeAndActivityAuditTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset August5 = At("2026-08-05T00:00:00Z");
    private static readonly DateTimeOffset August1 = At("2026-08-01T00:00:00Z");
    private static readonly DateTimeOffset August15 = At("2026-08-15T00:00:00Z");

    public async Task InitializeAsync()
    {
        if (await fixture.Ledger.GetHeadAsync() is { Position: 0 })
        {
            await fixture.Ledger.RecordBatchAsync(Commands());
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task who_on_notice_on_5_august_bars_the_foreign_persons_the_ledger_still_allowed()
    {
        var recorded = await fixture.Ledger.WhoCouldAccessAsync(new WhoCouldAccessQuestion(Model, August5) { KnownAt = August5 });
        var notice = await fixture.Ledger.WhoCouldAccessAsync(new WhoCouldAccessQuestion(Model, August5) { KnownAt = August5, Knowledge = KnowledgeBasis.Notice });

        // Recorded by 5 August: d2 is not (10 August), so every subject may use the generally available model.
        Lines(recorded.Answers).ShouldAllBe(line => line.EndsWith(" allowed", StringComparison.Ordinal));
        // On notice by 5 August: d2 was published on 4 August, so it bars the foreign persons; e2 was not yet published.
        Lines(notice.Answers).ShouldBe(
        [
            "gridco: US persons allowed", "gridco: foreign persons legal_ban", "lena (gridco) legal_ban", "sam (gridco) allowed",
            "prov: US persons allowed", "prov: foreign persons legal_ban",
        ]);
        notice.Answers.Count(a => a.Decision.Allowed).ShouldBeLessThan(recorded.Answers.Count(a => a.Decision.Allowed));
        (notice.Knowledge, recorded.Knowledge, notice.Activity).ShouldBe((KnowledgeBasis.Notice, KnowledgeBasis.Recorded, Activities.Use));
        notice.Answers.ShouldAllBe(a => a.Decision.Knowledge == KnowledgeBasis.Notice);
    }

    [Fact]
    public async Task who_for_weights_transfer_is_not_relieved_by_an_exception_for_use()
    {
        var at = At("2026-08-13T00:00:00Z");

        var use = await fixture.Ledger.WhoCouldAccessAsync(new WhoCouldAccessQuestion(Model, at));
        var weights = await fixture.Ledger.WhoCouldAccessAsync(new WhoCouldAccessQuestion(Model, at) { Activity = "weights_transfer" });

        // e2 relieves d2 for gridco's staff from 12 August, for use only; prov's foreign staff are not its beneficiaries.
        Lines(use.Answers).ShouldBe(
        [
            "gridco: US persons allowed", "gridco: foreign persons allowed", "lena (gridco) allowed", "sam (gridco) allowed",
            "prov: US persons allowed", "prov: foreign persons legal_ban",
        ]);
        Lines(weights.Answers).ShouldBe(
        [
            "gridco: US persons allowed", "gridco: foreign persons legal_ban", "lena (gridco) legal_ban", "sam (gridco) allowed",
            "prov: US persons allowed", "prov: foreign persons legal_ban",
        ]);
        weights.Activity.ShouldBe("weights_transfer");
        weights.Answers.ShouldAllBe(a => a.Decision.Activity == "weights_transfer");
    }

    [Fact]
    public async Task diff_of_what_the_ledger_knew_and_what_the_public_record_said_on_5_august_is_the_companys_own_delay()
    {
        var answer = await fixture.Ledger.BeliefVersusTruthAsync(new BeliefVersusTruthQuestion(Model, August1, August15)
        {
            BeliefKnownAt = August5,
            TruthKnownAt = August5,
            TruthKnowledge = KnowledgeBasis.Notice,
        });

        // Both sides know the model from 3 August (recorded 3 August); only the notice side knows d2 (published
        // 4 August, recorded 10 August), and neither knows e2: the foreign persons are exposed from 3 August to the
        // end of the range, and d2 alone is responsible.
        answer.Gaps.Select(Gap).ShouldBe(
        [
            "gridco: foreign persons 2026-08-03T00:00:00Z..2026-08-15T00:00:00Z allowed / legal_ban [ban_issued]",
            "lena (gridco) 2026-08-03T00:00:00Z..2026-08-15T00:00:00Z allowed / legal_ban [ban_issued]",
            "prov: foreign persons 2026-08-03T00:00:00Z..2026-08-15T00:00:00Z allowed / legal_ban [ban_issued]",
        ]);
        answer.Gaps.ShouldAllBe(g => g.Exposure);
        (answer.BeliefKnowledge, answer.TruthKnowledge).ShouldBe((KnowledgeBasis.Recorded, KnowledgeBasis.Notice));
        answer.Gaps[0].Responsible.Single().Source!.Citation.ShouldBe("91 FR 50001");
    }

    [Fact]
    public async Task the_regulators_retroactivity_and_the_companys_delay_are_told_apart()
    {
        var notice = await fixture.Ledger.BeliefVersusTruthAsync(new BeliefVersusTruthQuestion(Model, August1, August15)
        {
            BeliefKnowledge = KnowledgeBasis.Notice,
            TruthKnowledge = KnowledgeBasis.Notice,
        });
        var recorded = await fixture.Ledger.BeliefVersusTruthAsync(new BeliefVersusTruthQuestion(Model, August1, August15));

        // On notice at each moment, d2 was known from its publication (4 August 10:00); as recorded, from its recording
        // (10 August 15:00). At the time, the model was known from its recording (3 August 12:00); before, it was
        // unknown (a registration lag, no exposure). Later e2 is late too: over-restriction, no exposure.
        Exposures(notice, "lena").ShouldBe(["2026-08-03T12:00:00Z..2026-08-04T10:00:00Z"]);
        Exposures(recorded, "lena").ShouldBe(["2026-08-03T12:00:00Z..2026-08-10T15:00:00Z"]);
    }

    [Fact]
    public async Task diff_on_the_same_basis_and_the_same_knowledge_time_shows_nothing()
    {
        var answer = await fixture.Ledger.BeliefVersusTruthAsync(new BeliefVersusTruthQuestion(Model, August1, August15)
        {
            BeliefKnownAt = August5,
            BeliefKnowledge = KnowledgeBasis.Notice,
            TruthKnownAt = August5,
            TruthKnowledge = KnowledgeBasis.Notice,
        });

        answer.Gaps.ShouldBeEmpty();
    }

    [Fact]
    public async Task changes_for_use_flip_back_when_the_exception_starts_and_for_weights_transfer_they_do_not()
    {
        var use = await fixture.Ledger.WhatChangedAsync(new WhatChangedQuestion(Model, August1, August15));
        var weights = await fixture.Ledger.WhatChangedAsync(new WhatChangedQuestion(Model, August1, August15) { Activity = "weights_transfer" });

        // lena: unknown_model on 1 August, legal_ban from 3 August (the model's registration; d2 holds since
        // 1 August), and for use allowed again from 12 August 04:00 (e2).
        Changes(use, "lena").ShouldBe(["2026-08-03T00:00:00Z unknown_model -> legal_ban", "2026-08-12T04:00:00Z legal_ban -> allowed"]);
        Changes(weights, "lena").ShouldBe(["2026-08-03T00:00:00Z unknown_model -> legal_ban"]);
        weights.Activity.ShouldBe("weights_transfer");
    }

    [Fact]
    public async Task changes_on_notice_on_5_august_know_the_ban_the_ledger_had_not_recorded()
    {
        var notice = await fixture.Ledger.WhatChangedAsync(new WhatChangedQuestion(Model, August1, August15) { KnownAt = August5, Knowledge = KnowledgeBasis.Notice });
        var recorded = await fixture.Ledger.WhatChangedAsync(new WhatChangedQuestion(Model, August1, August15) { KnownAt = August5 });

        Changes(notice, "lena").ShouldBe(["2026-08-03T00:00:00Z unknown_model -> legal_ban"]);
        Changes(recorded, "lena").ShouldBe(["2026-08-03T00:00:00Z unknown_model -> allowed"]);
        notice.Knowledge.ShouldBe(KnowledgeBasis.Notice);
    }

    [Fact]
    public async Task a_timeline_follows_the_activity_and_the_basis()
    {
        var use = await fixture.Ledger.TimelineAsync(new TimelineQuestion(AuditEntityKind.Person, "lena"));
        var weights = await fixture.Ledger.TimelineAsync(new TimelineQuestion(AuditEntityKind.Person, "lena") { Activity = "weights_transfer" });
        var notice = await fixture.Ledger.TimelineAsync(new TimelineQuestion(AuditEntityKind.Model, Model) { KnownAt = August5, Knowledge = KnowledgeBasis.Notice });
        var recorded = await fixture.Ledger.TimelineAsync(new TimelineQuestion(AuditEntityKind.Model, Model) { KnownAt = August5 });

        use.Access[^1].ShouldSatisfyAllConditions(i => i.From.ShouldBe(At("2026-08-12T04:00:00Z")), i => i.Decision.Allowed.ShouldBeTrue());
        Codes(weights.Access[^1].Decision).ShouldBe("legal_ban");
        weights.Access[^1].From.ShouldBe(At("2026-08-03T00:00:00Z"));
        notice.Events.Select(f => f.Event.Type).ShouldContain("ban_issued");
        recorded.Events.Select(f => f.Event.Type).ShouldNotContain("ban_issued");
        (notice.Knowledge, weights.Activity).ShouldBe((KnowledgeBasis.Notice, "weights_transfer"));
    }

    [Fact]
    public async Task the_report_cites_each_instrument_with_its_publication_and_speaks_of_the_basis_and_the_activity()
    {
        var notice = await ReportAsync(new AuditReportOptions { KnownAt = August5, Knowledge = KnowledgeBasis.Notice });
        var recorded = await ReportAsync(new AuditReportOptions { KnownAt = August5 });
        var weights = await ReportAsync(new AuditReportOptions { Activity = "weights_transfer" });
        var use = await ReportAsync(new AuditReportOptions());

        notice.ShouldContain("as on notice at 2026-08-05T00:00:00Z");
        // On notice at 5 August, believed on notice at the time: d2 exposes the foreign persons from 3 August until it was published.
        notice.ShouldContain("<cite>91 FR 50001</cite>, published 2026-08-04T10:00:00Z (federal register)");
        recorded.ShouldContain("as known at 2026-08-05T00:00:00Z");
        recorded.ShouldNotContain("91 FR 50001");
        use.ShouldContain("<td class=\"t\">published 2026-08-14T10:00:00Z (federal register)</td>");
        weights.ShouldContain("Activity <code>weights_transfer</code>");

        // Just before 15 August: for use, every subject but prov's foreign staff (5); for weights_transfer, the US persons only (3).
        use.ShouldContain("<b>5 allowed</b>, 1 denied.");
        weights.ShouldContain("<b>3 allowed</b>, 3 denied.");
    }

    [Fact]
    public async Task an_activity_that_is_not_an_identifier_is_refused_before_the_ledger_is_read()
    {
        await Should.ThrowAsync<ArgumentException>(() => fixture.Ledger.WhoCouldAccessAsync(new WhoCouldAccessQuestion(Model, August5) { Activity = "Weights Transfer" }));
        await Should.ThrowAsync<ArgumentException>(() => fixture.Ledger.WhatChangedAsync(new WhatChangedQuestion(Model, August1, August15) { Activity = "" }));
        await Should.ThrowAsync<ArgumentException>(() => fixture.Ledger.BeliefVersusTruthAsync(new BeliefVersusTruthQuestion(Model, August1, August15) { Activity = "use!" }));
        await Should.ThrowAsync<ArgumentException>(() => fixture.Ledger.TimelineAsync(new TimelineQuestion(AuditEntityKind.Person, "lena") { Activity = "USE" }));
        await Should.ThrowAsync<ArgumentException>(() => ReportAsync(new AuditReportOptions { Activity = "use use" }));
    }

    private async Task<string> ReportAsync(AuditReportOptions options)
    {
        using var html = new StringWriter();
        await fixture.Ledger.WriteReportAsync(Model, August1, August15, html, options);
        return html.ToString();
    }

    private static IEnumerable<string> Lines(IEnumerable<AccessAnswer> answers) => answers.Select(a => $"{a.Subject.Label} {Codes(a.Decision)}");

    private static IEnumerable<string> Changes(WhatChangedAnswer answer, string personId) =>
        answer.Instants.SelectMany(i => i.Changes.Where(c => c.Subject.Kind == AuditSubjectKind.Person && c.Subject.Id == personId)
            .Select(c => $"{Stamp(i.At)} {Codes(c.Before)} -> {Codes(c.After)}"));

    private static IEnumerable<string> Exposures(BeliefVersusTruthAnswer answer, string personId) =>
        answer.Gaps.Where(g => g.Exposure && g.Subject.Kind == AuditSubjectKind.Person && g.Subject.Id == personId).Select(g => $"{Stamp(g.From)}..{Stamp(g.To)}");

    private static string Gap(BeliefGap g) =>
        $"{g.Subject.Label} {Stamp(g.From)}..{Stamp(g.To)} {Codes(g.Belief)} / {Codes(g.Truth)} [{string.Join(", ", g.Responsible.Select(f => f.Event.Type))}]";

    private static string Codes(Decision d) => d.Allowed ? "allowed" : string.Join("+", d.Reasons.Select(r => r.Code));

    private static string Stamp(DateTimeOffset t) => Wire.LedgerJson.Format(t);
}

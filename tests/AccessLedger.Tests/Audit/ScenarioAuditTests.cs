using AccessLedger.Audit;
using AccessLedger.Decisions;
using AccessLedger.Tests.Infrastructure;
using Shouldly;

namespace AccessLedger.Tests.Audit;

/// <summary>
/// The audit queries on the June 2026 episode. Every expected answer below is derived by hand from LEDGER.md
/// section 4 and the scenario's events, not read back from the code; the comments give the derivation.
///
/// The cast: gridco, acme and prov are registered US persons from 1 June. lena (gridco, DE, foreign person),
/// sam (gridco, US citizen), priya (acme, IN, permanent resident: not foreign), kenji (prov, JP, foreign, in the
/// US until he moves to GB on 6 July). mythos-5 is restricted, registered from 9 June; gridco and acme are
/// provisioned from 9 June, prov only from 27 June 10:00; acme is deprovisioned on 29 June 09:00.
/// Ban d1 (foreign persons) holds from 12 June 21:21 but was recorded on 13 June 14:00. Suspension s1 (all users)
/// holds from 12 June 22:30, recorded 22:35, lifted for mythos-5 on 29 June 09:00. Exception e1 (from 26 June
/// 23:00) relieves d1 for mythos-5, for gridco's staff and prov's staff located in the US, if safeguard g1 holds
/// (from 26 June 23:00) and the organization is provisioned.
/// Each organization also appears as two classes: its US persons and its foreign persons, located in its country.
/// </summary>
public sealed class ScenarioAuditTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>, IAsyncLifetime
{
    private const string Mythos = "mythos-5";

    public async Task InitializeAsync()
    {
        if (await fixture.Ledger.GetHeadAsync() is { Position: 0 })
        {
            await fixture.Ledger.RecordBatchAsync(Infrastructure.Scenario.Commands());
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task who_could_access_mythos_5_on_30_june_as_known_now()
    {
        var answer = await fixture.Ledger.WhoCouldAccessAsync(Mythos, At("2026-06-30T00:00:00Z"));

        // acme, US persons: no ban reaches a US person of a US organization, s1 is lifted for mythos-5 (29 June),
        //   but acme was deprovisioned on 29 June and mythos-5 is restricted: not_provisioned.
        // acme, foreign persons: d1 reaches them and e1 does not list acme: legal_ban; and not_provisioned.
        // priya: a permanent resident of a US organization is no foreign person: only not_provisioned (q7).
        // gridco, both classes, lena and sam: d1 is relieved for gridco's staff by e1 (g1 holds, gridco provisioned),
        //   s1 lifted, gridco provisioned: allowed (q5 for lena).
        // prov, both classes, kenji: e1 covers prov's staff in the US, g1 holds, prov provisioned since 27 June: allowed (q8).
        Lines(answer.Answers).ShouldBe(
        [
            "acme: US persons not_provisioned",
            "acme: foreign persons legal_ban+not_provisioned",
            "priya (acme) not_provisioned",
            "gridco: US persons allowed",
            "gridco: foreign persons allowed",
            "lena (gridco) allowed",
            "sam (gridco) allowed",
            "prov: US persons allowed",
            "prov: foreign persons allowed",
            "kenji (prov) allowed",
        ]);
        answer.Persons.Count().ShouldBe(4);
        answer.Checkpoint.Position.ShouldBe(21);
    }

    [Fact]
    public async Task who_could_access_at_22_00_on_12_june_differs_between_then_and_now()
    {
        var at = At("2026-06-12T22:00:00Z");

        var then = await fixture.Ledger.WhoCouldAccessAsync(Mythos, at, knownAt: at);
        var now = await fixture.Ledger.WhoCouldAccessAsync(Mythos, at);

        // As known at 22:00: neither the ban (recorded 13 June) nor the suspension (from 22:30) is known, so everyone
        // provisioned is allowed; prov is not provisioned before 27 June (q3 for lena).
        Lines(then.Answers).ShouldBe(
        [
            "acme: US persons allowed", "acme: foreign persons allowed", "priya (acme) allowed",
            "gridco: US persons allowed", "gridco: foreign persons allowed", "lena (gridco) allowed", "sam (gridco) allowed",
            "prov: US persons not_provisioned", "prov: foreign persons not_provisioned", "kenji (prov) not_provisioned",
        ]);

        // As known now: d1 holds from 21:21 and reaches every foreign person (no exception before 26 June); the
        // suspension has not started yet at 22:00 (q2 for lena).
        Lines(now.Answers).ShouldBe(
        [
            "acme: US persons allowed", "acme: foreign persons legal_ban", "priya (acme) allowed",
            "gridco: US persons allowed", "gridco: foreign persons legal_ban", "lena (gridco) legal_ban", "sam (gridco) allowed",
            "prov: US persons not_provisioned", "prov: foreign persons legal_ban+not_provisioned", "kenji (prov) legal_ban+not_provisioned",
        ]);
    }

    [Fact]
    public async Task what_changed_for_mythos_5_from_9_june_to_10_july_lists_every_change_with_its_cause()
    {
        var answer = await fixture.Ledger.WhatChangedAsync(Mythos, At("2026-06-09T00:00:00Z"), At("2026-07-10T00:00:00Z"));

        // Baseline at 9 June 00:00: the model is registered from that instant; gridco and acme are provisioned, prov not.
        Lines(answer.AtStart).ShouldBe(
        [
            "acme: US persons allowed", "acme: foreign persons allowed", "priya (acme) allowed",
            "gridco: US persons allowed", "gridco: foreign persons allowed", "lena (gridco) allowed", "sam (gridco) allowed",
            "prov: US persons not_provisioned", "prov: foreign persons not_provisioned", "kenji (prov) not_provisioned",
        ]);

        // 12 June 21:21, d1 (foreign persons) takes effect: every foreign person and foreign class gains legal_ban.
        // 12 June 22:30, s1 (all users) starts: everyone gains provider_suspended.
        // 26 June 23:00, g1 and e1 take effect: gridco's foreign staff are relieved of d1 (gridco is provisioned);
        //   prov's are not yet (e1 requires provisioning), acme is not a beneficiary.
        // 27 June 10:00, prov is provisioned: not_provisioned goes, and e1 now relieves d1 for prov's staff in the US.
        // 29 June 09:00, s1 is lifted for mythos-5 (and acme deprovisioned in the same minute): all but acme allowed.
        // 6 July 00:00, kenji moves to GB: e1 covers prov's staff only in the US, so d1 bars him again (q9).
        Changes(answer).ShouldBe(
        [
            "2026-06-12T21:21:00Z acme: foreign persons allowed -> legal_ban [ban_issued]",
            "2026-06-12T21:21:00Z gridco: foreign persons allowed -> legal_ban [ban_issued]",
            "2026-06-12T21:21:00Z lena (gridco) allowed -> legal_ban [ban_issued]",
            "2026-06-12T21:21:00Z prov: foreign persons not_provisioned -> legal_ban+not_provisioned [ban_issued]",
            "2026-06-12T21:21:00Z kenji (prov) not_provisioned -> legal_ban+not_provisioned [ban_issued]",
            "2026-06-12T22:30:00Z acme: US persons allowed -> provider_suspended [provider_suspension_started]",
            "2026-06-12T22:30:00Z acme: foreign persons legal_ban -> legal_ban+provider_suspended [provider_suspension_started]",
            "2026-06-12T22:30:00Z priya (acme) allowed -> provider_suspended [provider_suspension_started]",
            "2026-06-12T22:30:00Z gridco: US persons allowed -> provider_suspended [provider_suspension_started]",
            "2026-06-12T22:30:00Z gridco: foreign persons legal_ban -> legal_ban+provider_suspended [provider_suspension_started]",
            "2026-06-12T22:30:00Z lena (gridco) legal_ban -> legal_ban+provider_suspended [provider_suspension_started]",
            "2026-06-12T22:30:00Z sam (gridco) allowed -> provider_suspended [provider_suspension_started]",
            "2026-06-12T22:30:00Z prov: US persons not_provisioned -> provider_suspended+not_provisioned [provider_suspension_started]",
            "2026-06-12T22:30:00Z prov: foreign persons legal_ban+not_provisioned -> legal_ban+provider_suspended+not_provisioned [provider_suspension_started]",
            "2026-06-12T22:30:00Z kenji (prov) legal_ban+not_provisioned -> legal_ban+provider_suspended+not_provisioned [provider_suspension_started]",
            "2026-06-26T23:00:00Z gridco: foreign persons legal_ban+provider_suspended -> provider_suspended [safeguard_certified, exception_granted]",
            "2026-06-26T23:00:00Z lena (gridco) legal_ban+provider_suspended -> provider_suspended [safeguard_certified, exception_granted]",
            "2026-06-27T10:00:00Z prov: US persons provider_suspended+not_provisioned -> provider_suspended [partner_provisioned]",
            "2026-06-27T10:00:00Z prov: foreign persons legal_ban+provider_suspended+not_provisioned -> provider_suspended [partner_provisioned]",
            "2026-06-27T10:00:00Z kenji (prov) legal_ban+provider_suspended+not_provisioned -> provider_suspended [partner_provisioned]",
            "2026-06-29T09:00:00Z acme: US persons provider_suspended -> not_provisioned [provider_suspension_lifted, partner_deprovisioned]",
            "2026-06-29T09:00:00Z acme: foreign persons legal_ban+provider_suspended -> legal_ban+not_provisioned [provider_suspension_lifted, partner_deprovisioned]",
            "2026-06-29T09:00:00Z priya (acme) provider_suspended -> not_provisioned [provider_suspension_lifted, partner_deprovisioned]",
            "2026-06-29T09:00:00Z gridco: US persons provider_suspended -> allowed [provider_suspension_lifted]",
            "2026-06-29T09:00:00Z gridco: foreign persons provider_suspended -> allowed [provider_suspension_lifted]",
            "2026-06-29T09:00:00Z lena (gridco) provider_suspended -> allowed [provider_suspension_lifted]",
            "2026-06-29T09:00:00Z sam (gridco) provider_suspended -> allowed [provider_suspension_lifted]",
            "2026-06-29T09:00:00Z prov: US persons provider_suspended -> allowed [provider_suspension_lifted]",
            "2026-06-29T09:00:00Z prov: foreign persons provider_suspended -> allowed [provider_suspension_lifted]",
            "2026-06-29T09:00:00Z kenji (prov) provider_suspended -> allowed [provider_suspension_lifted]",
            "2026-07-06T00:00:00Z kenji (prov) allowed -> legal_ban [person_relocated]",
        ]);

        // The flips of people only: lena first (the ban), sam and priya at the suspension, three back on 29 June
        // (priya stays out: acme deprovisioned), kenji out again on 6 July.
        answer.Flips.Where(f => f.Change.Subject.Kind == AuditSubjectKind.Person)
            .Select(f => $"{f.At:MM-dd HH:mm} {f.Change.Subject.Id} {(f.Change.After.Allowed ? "allowed" : "denied")}")
            .ShouldBe(["06-12 21:21 lena denied", "06-12 22:30 priya denied", "06-12 22:30 sam denied", "06-29 09:00 lena allowed", "06-29 09:00 sam allowed", "06-29 09:00 kenji allowed", "07-06 00:00 kenji denied"]);
    }

    [Fact]
    public async Task what_changed_as_known_on_28_june_does_not_yet_know_the_lift()
    {
        var answer = await fixture.Ledger.WhatChangedAsync(Mythos, At("2026-06-28T00:00:00Z"), At("2026-07-10T00:00:00Z"), knownAt: At("2026-06-28T00:00:00Z"));

        // On 28 June the lift (recorded 29 June), the deprovisioning (29 June) and kenji's move (6 July) were not
        // recorded yet: nothing changes after 28 June as then known (q10).
        answer.Instants.ShouldBeEmpty();
        Lines(answer.AtStart).Where(l => l.Contains("sam", StringComparison.Ordinal)).ShouldBe(["sam (gridco) provider_suspended"]);
    }

    [Fact]
    public async Task belief_on_12_june_at_23_00_versus_now_is_the_69_minutes_of_the_late_recorded_ban()
    {
        var answer = await fixture.Ledger.BeliefVersusTruthAsync(
            Mythos, At("2026-06-12T00:00:00Z"), At("2026-06-14T00:00:00Z"), beliefKnownAt: At("2026-06-12T23:00:00Z"));

        // At 23:00 on 12 June the ledger knew s1 (recorded 22:35) but not d1 (recorded 13 June 14:00). So for the
        // foreign persons of gridco and acme (and lena) it answered "allowed" for 21:21 to 22:30, where the truth is
        // legal_ban: 69 minutes. From 22:30 both answers deny (provider_suspended), only the reasons differ. US
        // persons never differ: d1 does not reach them. kenji and prov's foreign staff were denied anyway (not provisioned).
        var exposures = answer.Gaps.Where(g => g.OutcomeDiffers).ToList();
        exposures.Select(Gap).ShouldBe(
        [
            "acme: foreign persons 2026-06-12T21:21:00Z..2026-06-12T22:30:00Z allowed / legal_ban [ban_issued]",
            "gridco: foreign persons 2026-06-12T21:21:00Z..2026-06-12T22:30:00Z allowed / legal_ban [ban_issued]",
            "lena (gridco) 2026-06-12T21:21:00Z..2026-06-12T22:30:00Z allowed / legal_ban [ban_issued]",
        ]);
        exposures.ShouldAllBe(g => g.Duration == TimeSpan.FromMinutes(69));
        answer.Gaps.Where(g => g.Subject.Id == "lena").Select(Gap).ShouldBe(
        [
            "lena (gridco) 2026-06-12T21:21:00Z..2026-06-12T22:30:00Z allowed / legal_ban [ban_issued]",
            "lena (gridco) 2026-06-12T22:30:00Z..2026-06-14T00:00:00Z provider_suspended / legal_ban+provider_suspended [ban_issued]",
        ]);
        answer.Gaps.ShouldNotContain(g => g.Subject.Id == "sam" || g.Subject.Id == "priya" || g.Subject.Kind == AuditSubjectKind.OrganizationUsPersons);
    }

    [Fact]
    public async Task belief_at_the_time_versus_now_exposes_74_minutes_for_foreign_staff_and_5_for_everyone_else()
    {
        var answer = await fixture.Ledger.BeliefVersusTruthAsync(Mythos, At("2026-06-12T00:00:00Z"), At("2026-06-14T00:00:00Z"));

        // At each moment T, as then known: until 22:35 nothing was known of d1 or s1, so lena was believed allowed;
        // the truth is legal_ban from 21:21 and legal_ban+provider_suspended from 22:30: she was exposed from 21:21
        // to 22:35, 74 minutes, not 69. Everyone else of gridco and acme was believed allowed from 22:30 to 22:35
        // while truly suspended: the 5 minutes before s1 was recorded. kenji and prov were denied both ways.
        answer.Gaps.Where(g => g.OutcomeDiffers).Select(Gap).ShouldBe(
        [
            "acme: foreign persons 2026-06-12T21:21:00Z..2026-06-12T22:30:00Z allowed / legal_ban [ban_issued]",
            "gridco: foreign persons 2026-06-12T21:21:00Z..2026-06-12T22:30:00Z allowed / legal_ban [ban_issued]",
            "lena (gridco) 2026-06-12T21:21:00Z..2026-06-12T22:30:00Z allowed / legal_ban [ban_issued]",
            "acme: US persons 2026-06-12T22:30:00Z..2026-06-12T22:35:00Z allowed / provider_suspended [provider_suspension_started]",
            "acme: foreign persons 2026-06-12T22:30:00Z..2026-06-12T22:35:00Z allowed / legal_ban+provider_suspended [provider_suspension_started, ban_issued]",
            "priya (acme) 2026-06-12T22:30:00Z..2026-06-12T22:35:00Z allowed / provider_suspended [provider_suspension_started]",
            "gridco: US persons 2026-06-12T22:30:00Z..2026-06-12T22:35:00Z allowed / provider_suspended [provider_suspension_started]",
            "gridco: foreign persons 2026-06-12T22:30:00Z..2026-06-12T22:35:00Z allowed / legal_ban+provider_suspended [provider_suspension_started, ban_issued]",
            "lena (gridco) 2026-06-12T22:30:00Z..2026-06-12T22:35:00Z allowed / legal_ban+provider_suspended [provider_suspension_started, ban_issued]",
            "sam (gridco) 2026-06-12T22:30:00Z..2026-06-12T22:35:00Z allowed / provider_suspended [provider_suspension_started]",
        ]);

        // From 22:35 to the ban's recording (13 June 14:00) lena was denied both ways, for a different reason.
        answer.Gaps.Single(g => g.Subject.Id == "lena" && !g.OutcomeDiffers).ShouldSatisfyAllConditions(
            g => Gap(g).ShouldBe("lena (gridco) 2026-06-12T22:35:00Z..2026-06-13T14:00:00Z provider_suspended / legal_ban+provider_suspended [ban_issued]"));
    }

    [Fact]
    public async Task the_timeline_of_kenji_shows_his_facts_on_both_clocks_and_his_access_to_each_model()
    {
        var timeline = await fixture.Ledger.TimelineAsync(AuditEntityKind.Person, "kenji");

        // kenji's own facts and those of his organization prov (registration, provisioning for mythos-5).
        timeline.Events.Select(e => $"{e.Event.Type} {e.Event.Stream}").ShouldBe(
            ["organization_registered org-prov", "person_enrolled person-kenji", "partner_provisioned org-prov", "person_relocated person-kenji"]);
        timeline.Events.Single(e => e.Event.Type == "person_relocated").ShouldSatisfyAllConditions(
            e => e.Event.ValidFrom.ShouldBe(At("2026-07-06T00:00:00Z")),
            e => e.Event.RecordedAt.ShouldBe(At("2026-07-06T08:00:00Z")),
            e => e.Lag.ShouldBe(TimeSpan.FromHours(8)));

        // His access to mythos-5 from his enrolment on: unknown_model until 9 June; not provisioned; the ban from
        // 21:21; the suspension from 22:30; prov provisioned 27 June 10:00 with e1 relieving d1; the lift on 29 June;
        // the move to GB on 6 July.
        timeline.Access.Where(a => a.ModelId == Mythos).Select(Interval).ShouldBe(
        [
            "2026-06-01T00:00:00Z unknown_model",
            "2026-06-09T00:00:00Z not_provisioned",
            "2026-06-12T21:21:00Z legal_ban+not_provisioned",
            "2026-06-12T22:30:00Z legal_ban+provider_suspended+not_provisioned",
            "2026-06-27T10:00:00Z provider_suspended",
            "2026-06-29T09:00:00Z allowed",
            "2026-07-06T00:00:00Z legal_ban",
        ]);

        // fable-5 is general (no provisioning needed), but e1 does not cover it and s1 is never lifted for it.
        timeline.Access.Where(a => a.ModelId == "fable-5").Select(Interval).ShouldBe(
        [
            "2026-06-01T00:00:00Z unknown_model",
            "2026-06-09T00:00:00Z allowed",
            "2026-06-12T21:21:00Z legal_ban",
            "2026-06-12T22:30:00Z legal_ban+provider_suspended",
        ]);
    }

    [Fact]
    public async Task the_timeline_of_mythos_5_as_known_on_13_june_at_noon_lacks_the_ban_recorded_two_hours_later()
    {
        var timeline = await fixture.Ledger.TimelineAsync(AuditEntityKind.Model, Mythos, At("2026-06-13T12:00:00Z"));

        timeline.Events.Select(e => e.Event.Type).ShouldBe(["model_registered", "partner_provisioned", "partner_provisioned", "provider_suspension_started"]);
        timeline.Access.Where(a => a.Subject.Id == "lena").Select(Interval).ShouldBe(
            ["2026-06-01T00:00:00Z unknown_model", "2026-06-09T00:00:00Z allowed", "2026-06-12T22:30:00Z provider_suspended"]);
    }

    [Fact]
    public async Task the_timeline_of_acme_shows_its_classes_losing_mythos_5_when_deprovisioned()
    {
        var timeline = await fixture.Ledger.TimelineAsync(AuditEntityKind.Organization, "acme");

        timeline.Events.Select(e => e.Event.Type).ShouldBe(["organization_registered", "partner_provisioned", "partner_deprovisioned"]);
        timeline.Access.Where(a => a.ModelId == Mythos && a.Subject.Kind == AuditSubjectKind.OrganizationUsPersons).Select(Interval).ShouldBe(
            ["2026-06-01T00:00:00Z unknown_model", "2026-06-09T00:00:00Z allowed", "2026-06-12T22:30:00Z provider_suspended", "2026-06-29T09:00:00Z not_provisioned"]);
    }

    [Fact]
    public async Task an_empty_range_is_refused()
    {
        await Should.ThrowAsync<ArgumentException>(() => fixture.Ledger.WhatChangedAsync(Mythos, At("2026-06-12T00:00:00Z"), At("2026-06-12T00:00:00Z")));
    }

    private static IEnumerable<string> Lines(IEnumerable<AccessAnswer> answers) =>
        answers.Select(a => $"{a.Subject.Label} {Codes(a.Decision)}");

    private static IEnumerable<string> Changes(WhatChangedAnswer answer) =>
        answer.Instants.SelectMany(i => i.Changes.Select(c =>
            $"{Stamp(i.At)} {c.Subject.Label} {Codes(c.Before)} -> {Codes(c.After)} [{string.Join(", ", c.Causes.Select(f => f.Event.Type))}]"));

    private static string Gap(BeliefGap g) =>
        $"{g.Subject.Label} {Stamp(g.From)}..{Stamp(g.To)} {Codes(g.Belief)} / {Codes(g.Truth)} [{string.Join(", ", g.Responsible.Select(f => f.Event.Type))}]";

    private static string Interval(AccessInterval i) => $"{Stamp(i.From)} {Codes(i.Decision)}";

    private static string Codes(Decision d) => d.Allowed ? "allowed" : string.Join("+", d.Reasons.Select(r => r.Code));

    private static string Stamp(DateTimeOffset t) => Wire.LedgerJson.Format(t);

    private static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);
}

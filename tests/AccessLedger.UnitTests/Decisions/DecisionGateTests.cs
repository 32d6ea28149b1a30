using AccessLedger.Decisions;
using AccessLedger.Events;
using AccessLedger.Tests.Infrastructure;
using Shouldly;
using static AccessLedger.Tests.Infrastructure.Given;

namespace AccessLedger.UnitTests.Decisions;

/// <summary>The gates of LEDGER.md section 4, one behaviour at a time, over timelines folded in memory.</summary>
public sealed class DecisionGateTests
{
    private static readonly ModelRegistered Mythos = new("mythos-5", "prov", "Mythos 5", ModelAvailability.Restricted, Day(1));
    private static readonly ModelRegistered Fable = new("fable-5", "prov", "Fable 5", ModelAvailability.General, Day(1));
    private static readonly OrganizationRegistered Prov = new("prov", "Provider", "US", true, Day(1));
    private static readonly OrganizationRegistered GridCo = new("gridco", "GridCo", "US", true, Day(1));
    private static readonly OrganizationRegistered Abroad = new("abroad", "Abroad GmbH", "DE", false, Day(1));
    private static readonly PersonEnrolled Lena = new("lena", "gridco", ["DE"], UsPersonStatus.None, "US", Day(1));
    private static readonly PersonEnrolled Sam = new("sam", "gridco", ["US"], UsPersonStatus.Citizen, "US", Day(1));
    private static readonly PersonEnrolled Kenji = new("kenji", "prov", ["JP"], UsPersonStatus.None, "US", Day(1));
    private static readonly PartnerProvisioned GridCoMythos = new("gridco", "mythos-5", Day(1));
    private static readonly BanIssued D1 = new("d1", "us-doc-bis", "letter", ["mythos-5", "fable-5"], new BanScope(BanScopeKind.ForeignPersons), ["15 CFR 744.22"], Day(12));
    private static readonly SafeguardCertified G1 = new("g1", "prov", ["mythos-5"], "us-doc", ["access_control"], Day(26));
    private static readonly ExceptionGranted E1 = new(
        "e1", ["d1"], ["mythos-5"], [new OrganizationEmployees(["gridco"]), new ProviderEmployees("prov", ["US"])], ["g1"], true, Day(26));

    private static Given World(params ILedgerEvent[] more) => History([Mythos, Fable, Prov, GridCo, Abroad, Lena, Sam, Kenji, GridCoMythos, .. more]);

    private static Decision Decide(Given given, string model, string person, DateTimeOffset at, DateTimeOffset? knownAt = null) =>
        Decider.Decide(DecisionState.From(given.State, model, person), model, Subject.Person(person), at, knownAt);

    private static string[] Codes(Decision decision) => decision.Reasons.Select(r => r.Code).ToArray();

    [Fact]
    public void an_unknown_model_and_an_unknown_person_are_both_reported_and_end_the_evaluation()
    {
        var decision = Decide(World(D1), "nope-1", "nobody", Day(20));

        Codes(decision).ShouldBe([ReasonCodes.UnknownModel, ReasonCodes.UnknownSubject]);
        decision.Basis.ShouldBeEmpty();
    }

    [Fact]
    public void a_model_registered_later_than_t_is_unknown_at_t() =>
        Codes(Decide(World(new ModelRegistered("later-1", "prov", "Later", ModelAvailability.General, Day(5))), "later-1", "sam", Day(4))).ShouldBe([ReasonCodes.UnknownModel]);

    [Fact]
    public void an_offboarded_person_is_an_unknown_subject_citing_the_offboarding()
    {
        var decision = Decide(World(new PersonOffboarded("sam", Day(10))), "mythos-5", "sam", Day(11));

        decision.Reasons.Single().Code.ShouldBe(ReasonCodes.UnknownSubject);
        decision.Reasons.Single().Events.Single().Type.ShouldBe("person_offboarded");
    }

    [Fact]
    public void a_ban_on_foreign_persons_does_not_reach_a_us_citizen_of_a_us_organization()
    {
        Codes(Decide(World(D1), "mythos-5", "sam", Day(20))).ShouldBeEmpty();
        Codes(Decide(World(D1), "mythos-5", "lena", Day(20))).ShouldBe([ReasonCodes.LegalBan]);
    }

    [Fact]
    public void a_ban_on_foreign_persons_reaches_a_us_citizen_of_a_foreign_organization()
    {
        var given = World(D1, new PersonEnrolled("ana", "abroad", ["US"], UsPersonStatus.Citizen, "DE", Day(1)));

        Codes(Decide(given, "fable-5", "ana", Day(20))).ShouldBe([ReasonCodes.LegalBan]);
    }

    [Fact]
    public void a_ban_on_nationalities_matches_any_listed_citizenship()
    {
        var onGermans = D1 with { Scope = new BanScope(BanScopeKind.Nationalities, ["DE", "CN"]) };

        Codes(Decide(World(onGermans), "fable-5", "lena", Day(20))).ShouldBe([ReasonCodes.LegalBan]);
        Codes(Decide(World(onGermans), "fable-5", "kenji", Day(20))).ShouldBeEmpty();
    }

    [Fact]
    public void two_bans_fail_one_gate_citing_both()
    {
        var d2 = D1 with { DirectiveId = "d2", Scope = new BanScope(BanScopeKind.AllUsers) };

        var decision = Decide(World(D1, d2), "fable-5", "lena", Day(20));

        decision.Reasons.Single().Code.ShouldBe(ReasonCodes.LegalBan);
        decision.Reasons.Single().Events.Select(e => e.Stream).ShouldBe(["directive-d1", "directive-d2"]);
    }

    [Fact]
    public void a_ban_ends_when_it_expires_or_is_lifted()
    {
        Codes(Decide(World(D1 with { ValidTo = Day(15) }), "fable-5", "lena", Day(15))).ShouldBeEmpty();
        Codes(Decide(World(D1, new BanLifted("d1", Day(15))), "fable-5", "lena", Day(15))).ShouldBeEmpty();
        Codes(Decide(World(D1, new BanLifted("d1", Day(15))), "fable-5", "lena", Day(14))).ShouldBe([ReasonCodes.LegalBan]);
    }

    [Fact]
    public void an_amendment_adds_or_removes_models_from_its_valid_time()
    {
        var given = World(D1 with { Models = ["mythos-5"] }, new BanAmended("d1", ["fable-5"], ["mythos-5"], Day(20)));

        Codes(Decide(given, "fable-5", "lena", Day(19))).ShouldBeEmpty();
        Codes(Decide(given, "fable-5", "lena", Day(20))).ShouldBe([ReasonCodes.LegalBan]);
        Codes(Decide(given, "mythos-5", "lena", Day(20))).ShouldBeEmpty();
    }

    [Fact]
    public void an_exception_relieves_the_ban_for_its_beneficiaries_with_the_whole_chain_as_basis()
    {
        var decision = Decide(World(D1, G1, E1), "mythos-5", "lena", Day(27));

        decision.Allowed.ShouldBeTrue();
        decision.Basis.Select(e => e.Type).ShouldBe(
            ["model_registered", "person_enrolled", "organization_registered", "partner_provisioned", "ban_issued", "exception_granted", "safeguard_certified"],
            ignoreOrder: true);
    }

    [Fact]
    public void an_exception_does_not_relieve_a_model_it_does_not_cover() =>
        Codes(Decide(World(D1, G1, E1), "fable-5", "lena", Day(27))).ShouldBe([ReasonCodes.LegalBan]);

    [Fact]
    public void an_exception_relieves_nothing_before_it_starts_after_it_is_revoked_or_once_a_safeguard_is_withdrawn()
    {
        Codes(Decide(World(D1, G1, E1), "mythos-5", "lena", Day(25))).ShouldBe([ReasonCodes.LegalBan]);
        Codes(Decide(World(D1, G1, E1, new ExceptionRevoked("e1", "ended", Day(28))), "mythos-5", "lena", Day(28))).ShouldBe([ReasonCodes.LegalBan]);
        Codes(Decide(World(D1, G1, E1, new SafeguardWithdrawn("g1", "failed audit", Day(28))), "mythos-5", "lena", Day(28))).ShouldBe([ReasonCodes.LegalBan]);
        Codes(Decide(World(D1, G1 with { ValidTo = Day(28) }, E1), "mythos-5", "lena", Day(28))).ShouldBe([ReasonCodes.LegalBan]);
    }

    [Fact]
    public void an_exception_that_requires_provisioning_does_not_relieve_an_unprovisioned_organization()
    {
        var given = World(D1, G1, E1 with { Models = ["mythos-5", "fable-5"] }, new PartnerDeprovisioned("gridco", "mythos-5", "ended", Day(27)));

        var decision = Decide(given, "fable-5", "lena", Day(28));

        Codes(decision).ShouldBe([ReasonCodes.LegalBan]);
        decision.Reasons[0].Message.ShouldContain("provisioned");
    }

    [Fact]
    public void amendments_of_an_exception_change_who_it_relieves()
    {
        var given = World(D1, G1, E1, new ExceptionAmended("e1", [], ["gridco"], Day(28)));

        Codes(Decide(given, "mythos-5", "lena", Day(27))).ShouldBeEmpty();
        Codes(Decide(given, "mythos-5", "lena", Day(28))).ShouldBe([ReasonCodes.LegalBan]);
    }

    [Fact]
    public void provider_employees_are_relieved_only_where_the_exception_says()
    {
        var given = World(D1, G1, E1, new PartnerProvisioned("prov", "mythos-5", Day(27)), new PersonRelocated("kenji", "GB", Day(30)));

        Codes(Decide(given, "mythos-5", "kenji", Day(29))).ShouldBeEmpty();
        Codes(Decide(given, "mythos-5", "kenji", Day(30))).ShouldBe([ReasonCodes.LegalBan]);
    }

    [Fact]
    public void a_suspension_of_foreign_persons_spares_us_persons_and_a_partial_lift_frees_only_its_models()
    {
        var s1 = new ProviderSuspensionStarted("s1", ["mythos-5", "fable-5"], SuspensionScope.ForeignPersons, "directive", Day(12));
        var given = World(s1, new ProviderSuspensionLifted("s1", ["mythos-5"], Day(29)));

        Codes(Decide(given, "fable-5", "sam", Day(20))).ShouldBeEmpty();
        Codes(Decide(given, "fable-5", "lena", Day(20))).ShouldBe([ReasonCodes.ProviderSuspended]);
        Codes(Decide(given, "mythos-5", "lena", Day(29))).ShouldBeEmpty();
        Codes(Decide(given, "fable-5", "lena", Day(29))).ShouldBe([ReasonCodes.ProviderSuspended]);
    }

    [Fact]
    public void a_restricted_model_needs_the_organization_provisioned_and_cites_the_deprovisioning()
    {
        var given = World(new PartnerDeprovisioned("gridco", "mythos-5", "contract ended", Day(10)));

        var decision = Decide(given, "mythos-5", "sam", Day(10));

        Codes(decision).ShouldBe([ReasonCodes.NotProvisioned]);
        decision.Reasons[0].Events.Select(e => e.Type).ShouldBe(["model_registered", "partner_deprovisioned"]);
        Codes(Decide(given, "fable-5", "sam", Day(10))).ShouldBeEmpty();
    }

    [Fact]
    public void every_failing_gate_is_reported_in_order()
    {
        var s1 = new ProviderSuspensionStarted("s1", ["mythos-5"], SuspensionScope.AllUsers, "directive", Day(12));
        var given = World(D1, s1, new PartnerDeprovisioned("gridco", "mythos-5", "ended", Day(12)));

        Codes(Decide(given, "mythos-5", "lena", Day(13))).ShouldBe([ReasonCodes.LegalBan, ReasonCodes.ProviderSuspended, ReasonCodes.NotProvisioned]);
    }

    [Fact]
    public void knowledge_time_hides_what_was_recorded_later()
    {
        var given = World();
        var beforeBan = given.LastRecordedAt;
        given.Record(D1);

        Codes(Decide(given, "fable-5", "lena", Day(20), knownAt: beforeBan)).ShouldBeEmpty();
        Codes(Decide(given, "fable-5", "lena", Day(20), knownAt: given.LastRecordedAt)).ShouldBe([ReasonCodes.LegalBan]);
    }

    [Fact]
    public void a_later_enrolment_and_a_relocation_change_the_subject_from_their_valid_time()
    {
        var given = World(new PersonOffboarded("lena", Day(10)), new PersonEnrolled("lena", "abroad", ["DE"], UsPersonStatus.None, "DE", Day(12)), D1);

        Codes(Decide(given, "fable-5", "lena", Day(11))).ShouldBe([ReasonCodes.UnknownSubject]);
        var decision = Decide(given, "fable-5", "lena", Day(13));
        Codes(decision).ShouldBe([ReasonCodes.LegalBan]);
    }

    [Fact]
    public void ad_hoc_attributes_answer_a_what_if()
    {
        var given = World(D1, G1, E1);
        Subject visitor = Subject.AdHoc("gridco", ["FR"], UsPersonStatus.None, "US");

        Decider.Decide(DecisionState.From(given.State, "mythos-5", null), "mythos-5", visitor, Day(27), null).Allowed.ShouldBeTrue();
        Decider.Decide(DecisionState.From(given.State, "fable-5", null), "fable-5", visitor, Day(27), null).Reasons.Single().Code.ShouldBe(ReasonCodes.LegalBan);
        Decider.Decide(DecisionState.From(given.State, "fable-5", null), "fable-5", Subject.AdHoc("unknown-org", ["US"], UsPersonStatus.Citizen, "US"), Day(27), null)
            .Reasons.Single().Code.ShouldBe(ReasonCodes.UnknownSubject);
    }
}

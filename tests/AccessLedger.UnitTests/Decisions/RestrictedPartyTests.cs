using AccessLedger.Decisions;
using AccessLedger.Events;
using AccessLedger.Rules;
using AccessLedger.Tests.Infrastructure;
using Shouldly;
using static AccessLedger.Tests.Infrastructure.Given;

namespace AccessLedger.UnitTests.Decisions;

/// <summary>LEDGER.md section 7.3, gate 2: a ban on named parties (an Entity List entry), before the legal-ban gate, relieved by an exception for its activities only.</summary>
public sealed class RestrictedPartyTests
{
    private static readonly ModelRegistered Mythos = new("mythos-5-1", "prov", "Mythos 5.1", ModelAvailability.General, Day(1));
    private static readonly OrganizationRegistered Harbor = new("harbor-ai", "Harbor AI Pte", "SG", false, Day(1));
    private static readonly PersonEnrolled Lin = new("lin", "harbor-ai", ["SG"], UsPersonStatus.None, "SG", Day(1));
    private static readonly BanIssued EntityList = new(
        "d4", "us-doc-bis", "entity-list", ["mythos-5-1"], new BanScope(BanScopeKind.Parties, Organizations: ["shadowlab"]), ["15 CFR 744.11"], Day(10));
    private static readonly BanIssued ForeignPersons = new("d2", "us-doc-bis", "rule", ["mythos-5-1"], new BanScope(BanScopeKind.ForeignPersons), ["15 CFR 744.23"], Day(10));

    private static Decision Ask(Given given, DateTimeOffset at, string activity = Activities.Use) =>
        Decider.Decide(DecisionState.From(given.State, "mythos-5-1", "lin"), "mythos-5-1", Subject.Person("lin"), at, null, activity);

    [Fact]
    public void an_organization_listed_by_amendment_is_restricted_the_amendment_is_cited_and_the_gate_comes_before_the_legal_ban()
    {
        var world = History(Mythos, Harbor, Lin, EntityList, ForeignPersons, new BanAmended("d4", [], [], Day(12), AddOrganizations: ["harbor-ai"]));

        Ask(world, Day(11)).Reasons.Select(r => r.Code).ShouldBe([ReasonCodes.LegalBan]);
        var both = Ask(world, Day(13));
        both.Reasons.Select(r => r.Code).ShouldBe([ReasonCodes.RestrictedParty, ReasonCodes.LegalBan]);
        both.Reasons[0].Events.Select(e => e.Type).ShouldBe(["ban_issued", "ban_amended"]);
        both.Reasons[0].Message.ShouldContain("the employees of shadowlab");
    }

    [Fact]
    public void a_general_licence_relieves_the_listing_for_its_activity_only()
    {
        var world = History(Mythos, Harbor, Lin, EntityList with { Scope = new BanScope(BanScopeKind.Parties, Organizations: ["harbor-ai"]) });
        world.Record(new ExceptionGranted("gl1", ["d4"], ["mythos-5-1"], [new OrganizationEmployees(["harbor-ai"])], [], false, Day(11), Activities: ["security_research"]));

        Ask(world, Day(12), "security_research").Allowed.ShouldBeTrue();
        Ask(world, Day(12)).Reasons.Select(r => r.Code).ShouldBe([ReasonCodes.RestrictedParty]);
        world.Record(new BanAmended("d4", [], [], Day(14), RemoveOrganizations: ["harbor-ai"]));
        Ask(world, Day(15)).Allowed.ShouldBeTrue();
    }

    [Fact]
    public void parties_are_named_and_only_a_parties_ban_lists_or_delists_them()
    {
        History(Mythos).When(EntityList with { Scope = new BanScope(BanScopeKind.Parties, Organizations: []) }).ShouldBe(ErrorCodes.InvalidField);
        History(Mythos).When(EntityList with { Scope = new BanScope(BanScopeKind.ForeignPersons, Organizations: ["x"]) }).ShouldBe(ErrorCodes.InvalidField);
        History(Mythos, ForeignPersons).When(new BanAmended("d2", [], [], Day(12), AddOrganizations: ["harbor-ai"])).ShouldBe(ErrorCodes.InvalidField);
        History(Mythos, EntityList).When(new BanAmended("d4", [], [], Day(12), AddOrganizations: ["unregistered-co"])).ShouldBeNull();
    }
}

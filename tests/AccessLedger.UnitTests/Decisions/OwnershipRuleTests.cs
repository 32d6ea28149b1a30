using AccessLedger.Decisions;
using AccessLedger.Events;
using AccessLedger.Rules;
using AccessLedger.Tests.Infrastructure;
using Shouldly;
using static AccessLedger.Tests.Infrastructure.Given;

namespace AccessLedger.UnitTests.Decisions;

/// <summary>
/// LEDGER.md sections 7.2 and 7.3, the 50 % rule: a ban on parties with affiliates reaches the organizations owned
/// 50 % or more by restricted organizations, directly or not, alone or in aggregate, with ownership as of T as known
/// at K; the answer cites the ownership events; cycles end. Section 7.4: what an ownership record must be.
/// </summary>
public sealed class OwnershipRuleTests
{
    private static readonly ModelRegistered Mythos = new("mythos-5-1", "prov", "Mythos 5.1", ModelAvailability.General, Day(1));
    private static readonly BanIssued EntityList = new(
        "d4", "us-doc-bis", "entity-list", ["mythos-5-1"], new BanScope(BanScopeKind.Parties, Organizations: ["shadowlab"], Affiliates: true), ["15 CFR 744.11"], Day(10));

    private static OrganizationRegistered Org(string id) => new(id, id, "SG", false, Day(1));

    private static Decision Ask(Given given, string orgId, DateTimeOffset at, DateTimeOffset? knownAt = null) =>
        Decider.Decide(DecisionState.From(given.State, "mythos-5-1", null), "mythos-5-1", Subject.AdHoc(orgId, ["US"], UsPersonStatus.Citizen, "US"), at, knownAt);

    private static Given World(params ILedgerEvent[] more) =>
        History([Mythos, Org("shadowlab"), Org("harbor-ai"), Org("coastal-labs"), Org("a"), Org("b"), EntityList, .. more]);

    [Fact]
    public void shares_held_directly_and_through_a_restricted_owner_add_up_and_every_ownership_relied_on_is_cited()
    {
        // coastal-labs: 30 % harbor-ai (itself 60 % shadowlab) + 25 % shadowlab = 55 % in restricted hands.
        var world = World(
            new OwnershipRecorded("harbor-ai", [new("shadowlab", 60)], Day(2)),
            new OwnershipRecorded("coastal-labs", [new("harbor-ai", 30), new("shadowlab", 25)], Day(2)));

        var denied = Ask(world, "coastal-labs", Day(12));
        denied.Reasons.Select(r => r.Code).ShouldBe([ReasonCodes.RestrictedParty]);
        denied.Reasons[0].Events.Select(e => (e.Stream, e.Type)).ShouldBe(
            [("directive-d4", "ban_issued"), ("org-harbor-ai", "ownership_recorded"), ("org-coastal-labs", "ownership_recorded")]);
        denied.Reasons[0].Message.ShouldContain("reaches coastal-labs as shadowlab owns 50 % or more of it");
        Ask(world, "harbor-ai", Day(12)).Reasons.Select(r => r.Code).ShouldBe([ReasonCodes.RestrictedParty]);

        // Sold down to 40 % of harbor-ai: harbor-ai leaves R, and coastal-labs (25 % restricted) with it.
        world.Record(new OwnershipRecorded("harbor-ai", [new("shadowlab", 40)], Day(15)));
        Ask(world, "harbor-ai", Day(16)).Allowed.ShouldBeTrue();
        Ask(world, "coastal-labs", Day(16)).Allowed.ShouldBeTrue();
        Ask(world, "coastal-labs", Day(14)).Allowed.ShouldBeFalse("ownership is read as of T");
    }

    [Fact]
    public void exactly_fifty_percent_is_enough_and_less_is_not()
    {
        Ask(World(new OwnershipRecorded("a", [new("shadowlab", 50)], Day(2))), "a", Day(12)).Allowed.ShouldBeFalse();
        Ask(World(new OwnershipRecorded("a", [new("shadowlab", 49.99m)], Day(2))), "a", Day(12)).Allowed.ShouldBeTrue();
    }

    [Fact]
    public void a_cycle_no_listed_organization_feeds_stays_out_and_one_it_feeds_comes_in()
    {
        // a and b own each other 60 %: a least fixed point leaves them out, and the rule terminates.
        var loop = World(new OwnershipRecorded("a", [new("b", 60)], Day(2)), new OwnershipRecorded("b", [new("a", 60)], Day(2)));
        Ask(loop, "a", Day(12)).Allowed.ShouldBeTrue();
        Ask(loop, "b", Day(12)).Allowed.ShouldBeTrue();

        // shadowlab takes 40 % of a: a is 40 + 60 % of b? b is not in R yet, so a is not either; with 50 % it is, and b follows.
        var fed = World(new OwnershipRecorded("a", [new("b", 50), new("shadowlab", 50)], Day(2)), new OwnershipRecorded("b", [new("a", 60)], Day(2)));
        var b = Ask(fed, "b", Day(12));
        b.Reasons.Select(r => r.Code).ShouldBe([ReasonCodes.RestrictedParty]);
        b.Reasons[0].Events.Where(e => e.Type == "ownership_recorded").Select(e => e.Stream).ShouldBe(["org-a", "org-b"], ignoreOrder: true);
        Ask(fed, "a", Day(12)).Allowed.ShouldBeFalse();
    }

    [Fact]
    public void without_affiliates_only_the_listed_organizations_are_restricted()
    {
        var world = History(
            Mythos, Org("shadowlab"), Org("a"), EntityList with { Scope = new BanScope(BanScopeKind.Parties, Organizations: ["shadowlab"]) },
            new OwnershipRecorded("a", [new("shadowlab", 100)], Day(2)));
        Ask(world, "a", Day(12)).Allowed.ShouldBeTrue();
        Ask(world, "shadowlab", Day(12)).Allowed.ShouldBeFalse();
    }

    [Fact]
    public void ownership_counts_as_known_at_K()
    {
        var world = World();
        world.Record(new OwnershipRecorded("a", [new("shadowlab", 70)], Day(2)), recordedAt: Day(20));
        Ask(world, "a", Day(12), knownAt: Day(19)).Allowed.ShouldBeTrue();
        Ask(world, "a", Day(12), knownAt: Day(21)).Allowed.ShouldBeFalse();
    }

    [Fact]
    public void an_ownership_record_names_registered_organizations_with_shares_in_range_adding_up_to_at_most_100()
    {
        var world = World();
        world.When(new OwnershipRecorded("unregistered", [new("a", 10)], Day(2))).ShouldBe(ErrorCodes.UnknownOrganization);
        world.When(new OwnershipRecorded("a", [new("unregistered", 10)], Day(2))).ShouldBe(ErrorCodes.UnknownOrganization);
        world.When(new OwnershipRecorded("a", [new("a", 10)], Day(2))).ShouldBe(ErrorCodes.InvalidField);
        world.When(new OwnershipRecorded("a", [new("b", 0)], Day(2))).ShouldBe(ErrorCodes.InvalidField);
        world.When(new OwnershipRecorded("a", [new("b", 100.5m)], Day(2))).ShouldBe(ErrorCodes.InvalidField);
        world.When(new OwnershipRecorded("a", [new("b", 60), new("shadowlab", 41)], Day(2))).ShouldBe(ErrorCodes.InvalidField);
        world.When(new OwnershipRecorded("a", [new("b", 20), new("b", 20)], Day(2))).ShouldBe(ErrorCodes.InvalidField);
        world.When(new OwnershipRecorded("a", [new("b", 60), new("shadowlab", 40)], Day(2))).ShouldBeNull();
        world.When(new OwnershipRecorded("a", [], Day(2))).ShouldBeNull();
    }
}

using AccessLedger.Decisions;
using AccessLedger.Events;
using AccessLedger.Rules;
using AccessLedger.Tests.Infrastructure;
using Shouldly;
using static AccessLedger.Tests.Infrastructure.Given;

namespace AccessLedger.UnitTests.Decisions;

/// <summary>LEDGER.md section 7.2, person status: a green card or a new citizenship changes who a ban reaches, from its validFrom, once known.</summary>
public sealed class PersonStatusTests
{
    private static readonly ModelRegistered Mythos = new("mythos-5", "prov", "Mythos 5", ModelAvailability.General, Day(1));
    private static readonly OrganizationRegistered GridCo = new("gridco", "GridCo", "US", true, Day(1));
    private static readonly PersonEnrolled Lena = new("lena", "gridco", ["DE"], UsPersonStatus.None, "US", Day(1));
    private static readonly BanIssued ForeignPersons = new("d1", "us-doc-bis", "letter", ["mythos-5"], new BanScope(BanScopeKind.ForeignPersons), ["15 CFR 744.22"], Day(10));
    private static readonly BanIssued Russians = new("d2", "us-doc-bis", "letter", ["mythos-5"], new BanScope(BanScopeKind.Nationalities, ["RU"]), ["15 CFR 744.22"], Day(10));

    private static Decision Ask(Given given, DateTimeOffset at, DateTimeOffset? knownAt = null) =>
        Decider.Decide(DecisionState.From(given.State, "mythos-5", "lena"), "mythos-5", Subject.Person("lena"), at, knownAt);

    [Fact]
    public void a_green_card_ends_a_ban_on_foreign_persons_from_its_validFrom_once_known_and_is_cited()
    {
        var world = History(Mythos, GridCo, Lena, ForeignPersons);
        world.Record(new PersonStatusChanged("lena", ["de"], UsPersonStatus.PermanentResident, Day(20)), recordedAt: world.LastRecordedAt.AddDays(30));

        Ask(world, Day(19)).Allowed.ShouldBeFalse();
        var after = Ask(world, Day(21));
        after.Allowed.ShouldBeTrue();
        after.Basis.Select(b => b.Type).ShouldContain("person_status_changed");
        Ask(world, Day(21), knownAt: Day(25)).Allowed.ShouldBeFalse();
    }

    [Fact]
    public void a_new_citizenship_brings_a_person_under_a_ban_on_nationals_and_a_later_enrolment_supersedes_it()
    {
        var world = History(Mythos, GridCo, Lena, Russians, new PersonStatusChanged("lena", ["DE", "RU"], UsPersonStatus.None, Day(20)));
        Ask(world, Day(19)).Allowed.ShouldBeTrue();
        Ask(world, Day(21)).Reasons.Select(r => r.Code).ShouldBe([ReasonCodes.LegalBan]);

        world.Record(new PersonOffboarded("lena", Day(30)));
        world.Record(new PersonEnrolled("lena", "gridco", ["DE"], UsPersonStatus.None, "US", Day(31)));
        Ask(world, Day(32)).Allowed.ShouldBeTrue();
    }

    [Fact]
    public void a_status_change_needs_an_enrolled_person_and_a_citizenship()
    {
        History(GridCo).When(new PersonStatusChanged("lena", ["DE"], UsPersonStatus.Citizen, Day(20))).ShouldBe(ErrorCodes.UnknownPerson);
        History(GridCo, Lena).When(new PersonStatusChanged("lena", [], UsPersonStatus.Citizen, Day(20))).ShouldBe(ErrorCodes.InvalidField);
        History(GridCo, Lena).When(new PersonStatusChanged("lena", ["UK"], UsPersonStatus.Citizen, Day(20))).ShouldBe(ErrorCodes.InvalidField);
    }
}

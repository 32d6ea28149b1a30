using AccessLedger.Decisions;
using AccessLedger.Events;
using AccessLedger.Rules;
using AccessLedger.Tests.Infrastructure;
using Shouldly;
using static AccessLedger.Tests.Infrastructure.Given;

namespace AccessLedger.UnitTests.Decisions;

/// <summary>LEDGER.md section 7.2, places: a destination rule and a nationality rule that follow a country group whose membership changes.</summary>
public sealed class CountryGroupTests
{
    private static readonly ModelRegistered Fable = new("fable-5", "prov", "Fable 5", ModelAvailability.General, Day(1));
    private static readonly OrganizationRegistered GridCo = new("gridco", "GridCo", "US", true, Day(1));
    private static readonly PersonEnrolled Sam = new("sam", "gridco", ["US"], UsPersonStatus.Citizen, "US", Day(1));
    private static readonly PersonEnrolled Yuri = new("yuri", "gridco", ["RU"], UsPersonStatus.PermanentResident, "US", Day(1));
    private static readonly CountryGroupDefined D5 = new("d-5", "Country Group D:5", ["CN", "RU"], Day(1), new Source(SourceKind.FederalRegister, "15 CFR 740 Supp. 1"));
    private static readonly BanIssued ToD5 = new("d3", "us-doc-bis", "rule", ["fable-5"], new BanScope(BanScopeKind.Destinations, Countries: [], Groups: ["d-5"]), ["15 CFR 744.23(a)"], Day(5));
    private static readonly BanIssued NationalsOfD5 = new("d5", "us-doc-bis", "rule", ["fable-5"], new BanScope(BanScopeKind.Nationalities, [], Groups: ["d-5"]), ["15 CFR 744.23(b)"], Day(5));

    private static Decision Ask(Given given, string person, DateTimeOffset at, DateTimeOffset? knownAt = null) =>
        Decider.Decide(DecisionState.From(given.State, "fable-5", person), "fable-5", Subject.Person(person), at, knownAt);

    [Fact]
    public void a_destination_rule_follows_the_group_s_membership_and_where_the_person_is()
    {
        var world = History(Fable, GridCo, Sam, D5, ToD5, new PersonRelocated("sam", "NI", Day(15)));
        world.Record(new CountryGroupAmended("d-5", ["NI"], [], Day(10)), recordedAt: world.LastRecordedAt.AddDays(20));

        Ask(world, "sam", Day(12)).Allowed.ShouldBeTrue();
        var denied = Ask(world, "sam", Day(16));
        denied.Reasons.Select(r => r.Code).ShouldBe([ReasonCodes.LegalBan]);
        denied.Reasons[0].Events.Select(e => e.Type).ShouldBe(["ban_issued", "country_group_defined", "country_group_amended"]);
        Ask(world, "sam", Day(16), knownAt: Day(17)).Allowed.ShouldBeTrue();
    }

    [Fact]
    public void a_nationality_rule_by_group_reaches_a_permanent_resident_who_is_no_foreign_person()
    {
        var world = History(Fable, GridCo, Yuri, D5, NationalsOfD5);

        Ask(world, "yuri", Day(6)).Reasons.Select(r => r.Code).ShouldBe([ReasonCodes.LegalBan]);
        world.Record(new CountryGroupAmended("d-5", [], ["RU"], Day(8)));
        Ask(world, "yuri", Day(9)).Allowed.ShouldBeTrue();
    }

    [Fact]
    public void a_group_must_be_defined_before_a_ban_names_it_or_an_amendment_changes_it_and_a_scope_names_somewhere()
    {
        History(Fable).When(ToD5).ShouldBe(ErrorCodes.UnknownCountryGroup);
        History().When(new CountryGroupAmended("d-5", ["NI"], [], Day(2))).ShouldBe(ErrorCodes.UnknownCountryGroup);
        History(D5).When(D5).ShouldBe(ErrorCodes.AlreadyExists);
        History(D5).When(ToD5 with { Scope = new BanScope(BanScopeKind.Destinations, Countries: []) }).ShouldBe(ErrorCodes.InvalidField);
        History(D5).When(ToD5 with { Scope = new BanScope(BanScopeKind.Nationalities, []) }).ShouldBe(ErrorCodes.InvalidField);
        History(D5).When(ToD5 with { Scope = new BanScope(BanScopeKind.ForeignPersons, Groups: ["d-5"]) }).ShouldBe(ErrorCodes.InvalidField);
        History(D5).When(ToD5 with { Scope = new BanScope(BanScopeKind.Destinations, Countries: ["uk"]) }).ShouldBe(ErrorCodes.InvalidField);
        History(D5).When(new CountryGroupAmended("d-5", [], [], Day(2))).ShouldBe(ErrorCodes.InvalidField);
    }
}

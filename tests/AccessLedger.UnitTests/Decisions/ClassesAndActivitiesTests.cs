using AccessLedger.Decisions;
using AccessLedger.Events;
using AccessLedger.Rules;
using AccessLedger.Tests.Infrastructure;
using Shouldly;
using static AccessLedger.Tests.Infrastructure.Given;

namespace AccessLedger.UnitTests.Decisions;

/// <summary>
/// LEDGER.md section 7.2, coverage by class and activities: a rule on a class reaches models classified into it
/// (including models registered after the rule), a general licence relieves only the activities it names.
/// </summary>
public sealed class ClassesAndActivitiesTests
{
    private static readonly ModelRegistered Mythos51 = new("mythos-5-1", "prov", "Mythos 5.1", ModelAvailability.General, Day(40));
    private static readonly OrganizationRegistered GridCo = new("gridco", "GridCo", "US", true, Day(1));
    private static readonly PersonEnrolled Lena = new("lena", "gridco", ["DE"], UsPersonStatus.None, "US", Day(1));
    private static readonly BanIssued D2 = new(
        "d2", "us-doc-bis", "interim-final-rule", [], new BanScope(BanScopeKind.ForeignPersons), ["15 CFR 744.23"], Day(30), Classes: ["mythos-class"]);

    private static Given World(params ILedgerEvent[] more) => History([GridCo, Lena, D2, Mythos51, .. more]);

    private static Decision Ask(Given given, DateTimeOffset at, string activity = Activities.Use, DateTimeOffset? knownAt = null) =>
        Decider.Decide(DecisionState.From(given.State, "mythos-5-1", "lena"), "mythos-5-1", Subject.Person("lena"), at, knownAt, activity);

    private static string[] Codes(Decision decision) => decision.Reasons.Select(r => r.Code).ToArray();

    [Fact]
    public void a_rule_on_a_class_reaches_a_model_registered_and_classified_after_it_only_while_classified()
    {
        var world = World(new ModelClassified("mythos-5-1", ["mythos-class"], Day(41)), new ModelClassified("mythos-5-1", [], Day(50)));

        Codes(Ask(world, Day(40, 12))).ShouldBeEmpty();
        var denied = Ask(world, Day(45));
        Codes(denied).ShouldBe([ReasonCodes.LegalBan]);
        denied.Reasons[0].Events.Select(e => e.Type).ShouldBe(["ban_issued"]);
        Codes(Ask(world, Day(51))).ShouldBeEmpty();
    }

    [Fact]
    public void an_amendment_adding_a_class_is_cited_and_removing_it_ends_the_coverage()
    {
        var world = World(
            new ModelClassified("mythos-5-1", ["frontier"], Day(41)),
            new BanAmended("d2", [], [], Day(42), AddClasses: ["frontier"]),
            new BanAmended("d2", [], [], Day(46), RemoveClasses: ["frontier"]));

        Codes(Ask(world, Day(41, 12))).ShouldBeEmpty();
        Ask(world, Day(43)).Reasons.Single().Events.Select(e => e.Type).ShouldBe(["ban_issued", "ban_amended"]);
        Codes(Ask(world, Day(47))).ShouldBeEmpty();
    }

    [Fact]
    public void a_ban_controls_only_its_activities_and_an_exception_relieves_only_its_own()
    {
        var weights = World(new ModelClassified("mythos-5-1", ["mythos-class"], Day(41)));
        var onlyWeights = History([GridCo, Lena, D2 with { DirectiveId = "d9", Activities = ["weights_transfer"] }, Mythos51, new ModelClassified("mythos-5-1", ["mythos-class"], Day(41))]);
        var state = DecisionState.From(onlyWeights.State, "mythos-5-1", "lena");
        Codes(Decider.Decide(state, "mythos-5-1", Subject.Person("lena"), Day(45), null, "use")).ShouldBeEmpty();
        Codes(Decider.Decide(state, "mythos-5-1", Subject.Person("lena"), Day(45), null, "weights_transfer")).ShouldBe([ReasonCodes.LegalBan]);

        weights.Record(new ExceptionGranted("gl1", ["d2"], [], [new OrganizationEmployees(["gridco"])], [], false, Day(44), Classes: ["mythos-class"], Activities: ["security_research"]));
        Codes(Ask(weights, Day(45), "security_research")).ShouldBeEmpty();
        var use = Ask(weights, Day(45));
        Codes(use).ShouldBe([ReasonCodes.LegalBan]);
        use.Reasons[0].Message.ShouldContain("exception gl1 does not relieve use");
        use.Activity.ShouldBe("use");
    }

    [Fact]
    public void classes_need_a_registered_model_and_an_exception_s_classes_must_be_named_by_its_directives()
    {
        History().When(new ModelClassified("mythos-5-1", ["mythos-class"], Day(41))).ShouldBe(ErrorCodes.UnknownModel);
        World().When(new ExceptionGranted("e9", ["d2"], [], [new OrganizationEmployees(["gridco"])], [], false, Day(44), Classes: ["other-class"]))
            .ShouldBe(ErrorCodes.ModelNotCovered);
        World().When(new ExceptionGranted("e9", ["d2"], ["mythos-5-1"], [new OrganizationEmployees(["gridco"])], [], false, Day(44))).ShouldBeNull();
        History().When(D2 with { Classes = null }).ShouldBe(ErrorCodes.InvalidField);
        History().When(new BanAmended("d2", [], [], Day(42), AddClasses: [], RemoveClasses: [])).ShouldBe(ErrorCodes.InvalidField);
        History().When(D2 with { Activities = ["Use"] }).ShouldBe(ErrorCodes.InvalidField);
    }
}

/// <summary>A version-1 event written today stores and hashes the very JSON it did before version 2's optional fields.</summary>
public sealed class VersionOneBytesTests
{
    [Fact]
    public void version_two_fields_left_unset_are_absent_from_the_stored_and_the_hashed_json()
    {
        ILedgerEvent[] events =
        [
            new BanIssued("d1", "us-doc-bis", "letter", ["mythos-5"], new BanScope(BanScopeKind.ForeignPersons), ["15 CFR 744.22"], Day(12)),
            new BanAmended("d1", ["fable-5"], [], Day(13)),
            new ExceptionGranted("e1", ["d1"], ["mythos-5"], [new OrganizationEmployees(["gridco"])], [], true, Day(26)),
        ];
        foreach (var e in events)
        {
            foreach (var options in new[] { AccessLedger.Wire.LedgerJson.Options, AccessLedger.Storage.LedgerSchema.StorageJson })
            {
                var json = System.Text.Json.JsonSerializer.Serialize(e, e.GetType(), options);
                json.ShouldNotContain("lasses");
                json.ShouldNotContain("ctivities");
                json.ShouldNotContain("source");
            }
        }
    }
}

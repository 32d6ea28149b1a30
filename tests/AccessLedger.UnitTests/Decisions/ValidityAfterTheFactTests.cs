using AccessLedger.Decisions;
using AccessLedger.Events;
using AccessLedger.Rules;
using AccessLedger.Tests.Infrastructure;
using Shouldly;
using static AccessLedger.Tests.Infrastructure.Given;

namespace AccessLedger.UnitTests.Decisions;

/// <summary>
/// LEDGER.md section 7.2 (validity, suspension) and 7.4 (their write rules): an instrument's end moved after the
/// fact, a suspension with and without a scheduled end, a reinstatement; each at (T, K).
/// </summary>
public sealed class ValidityAfterTheFactTests
{
    private static readonly ModelRegistered Mythos = new("mythos-5", "prov", "Mythos 5", ModelAvailability.General, Day(1));
    private static readonly OrganizationRegistered GridCo = new("gridco", "GridCo", "US", true, Day(1));
    private static readonly PersonEnrolled Lena = new("lena", "gridco", ["DE"], UsPersonStatus.None, "US", Day(1));
    private static readonly BanIssued D1 = new("d1", "us-doc-bis", "rule", ["mythos-5"], new BanScope(BanScopeKind.ForeignPersons), ["15 CFR 744.23"], Day(10));
    private static readonly ExceptionGranted E1 = new("e1", ["d1"], ["mythos-5"], [new OrganizationEmployees(["gridco"])], [], false, Day(12), Day(30));
    private static readonly Source Register = new(SourceKind.FederalRegister, "91 FR 60210", Day(29));

    private static Given World(params ILedgerEvent[] more) => History([Mythos, GridCo, Lena, D1, E1, .. more]);

    private static string[] Codes(Given given, DateTimeOffset at, DateTimeOffset? knownAt = null) =>
        Decider.Decide(DecisionState.From(given.State, "mythos-5", "lena"), "mythos-5", Subject.Person("lena"), at, knownAt).Reasons.Select(r => r.Code).ToArray();

    [Fact]
    public void an_extension_recorded_late_relieves_from_its_validFrom_but_only_once_known()
    {
        var world = World();
        world.Record(new ExceptionValidityChanged("e1", Day(60), Day(30), Register), recordedAt: world.LastRecordedAt.AddDays(40));

        Codes(world, Day(20)).ShouldBeEmpty();
        Codes(world, Day(35)).ShouldBeEmpty();
        Codes(world, Day(35), knownAt: Day(33)).ShouldBe([ReasonCodes.LegalBan]);
        Codes(world, Day(61)).ShouldBe([ReasonCodes.LegalBan]);
    }

    [Fact]
    public void an_exception_expired_and_extended_later_leaves_the_gap_a_gap_and_its_allowing_chain_cites_the_change()
    {
        var world = World(new ExceptionValidityChanged("e1", null, Day(40)));

        Codes(world, Day(35)).ShouldBe([ReasonCodes.LegalBan]);
        var decision = Decider.Decide(DecisionState.From(world.State, "mythos-5", "lena"), "mythos-5", Subject.Person("lena"), Day(90), null);
        decision.Allowed.ShouldBeTrue();
        decision.Basis.Select(b => b.Type).ShouldContain("exception_validity_changed");
    }

    [Fact]
    public void a_ban_can_be_shortened_and_its_own_end_is_replaced_by_the_latest_change_in_effect()
    {
        var world = World(new ExceptionRevoked("e1", "ended", Day(13)), new BanValidityChanged("d1", Day(20), Day(15)), new BanValidityChanged("d1", Day(25), Day(18)));

        Codes(world, Day(16)).ShouldBe([ReasonCodes.LegalBan]);
        Codes(world, Day(22)).ShouldBe([ReasonCodes.LegalBan]);
        Codes(world, Day(26)).ShouldBeEmpty();
    }

    [Fact]
    public void a_scheduled_suspension_comes_back_by_itself_and_an_open_one_ends_with_a_reinstatement()
    {
        var scheduled = World(new ExceptionRevoked("e1", "ended", Day(13)), new BanSuspended("d1", "paused", Day(20), Day(25)));
        Codes(scheduled, Day(19)).ShouldBe([ReasonCodes.LegalBan]);
        Codes(scheduled, Day(22)).ShouldBeEmpty();
        Codes(scheduled, Day(25)).ShouldBe([ReasonCodes.LegalBan]);

        var open = World(new ExceptionRevoked("e1", "ended", Day(13)), new BanSuspended("d1", "paused", Day(20)), new BanReinstated("d1", Day(40)));
        Codes(open, Day(39)).ShouldBeEmpty();
        Codes(open, Day(41)).ShouldBe([ReasonCodes.LegalBan]);
        Codes(open, Day(39), knownAt: open.LastRecordedAt.AddHours(-2)).ShouldBe([ReasonCodes.LegalBan]);
    }

    [Fact]
    public void a_suspended_exception_relieves_no_one_while_suspended()
    {
        var world = World(new ExceptionSuspended("e1", "review", Day(15), Day(18)));

        Codes(world, Day(14)).ShouldBeEmpty();
        Codes(world, Day(16)).ShouldBe([ReasonCodes.LegalBan]);
        Codes(world, Day(18)).ShouldBeEmpty();
    }

    [Fact]
    public void validity_changes_suspensions_and_reinstatements_need_a_live_instrument_and_a_sensible_end()
    {
        History().When(new BanValidityChanged("d1", Day(20), Day(15))).ShouldBe(ErrorCodes.UnknownDirective);
        History().When(new ExceptionSuspended("e1", "review", Day(15))).ShouldBe(ErrorCodes.UnknownException);
        World(new BanLifted("d1", Day(14))).When(new BanSuspended("d1", "paused", Day(15))).ShouldBe(ErrorCodes.AlreadyEnded);
        World(new ExceptionRevoked("e1", "ended", Day(13))).When(new ExceptionValidityChanged("e1", Day(50), Day(14))).ShouldBe(ErrorCodes.AlreadyEnded);
        World().When(new BanValidityChanged("d1", Day(5), Day(2))).ShouldBe(ErrorCodes.InvalidInterval);
        World().When(new BanValidityChanged("d1", Day(14), Day(15))).ShouldBe(ErrorCodes.InvalidInterval);
        World().When(new BanSuspended("d1", "paused", Day(15), Day(15))).ShouldBe(ErrorCodes.InvalidInterval);
        World().When(new BanReinstated("d1", Day(15))).ShouldBe(ErrorCodes.UnknownSuspension);
        World(new BanSuspended("d1", "paused", Day(20))).When(new BanReinstated("d1", Day(19))).ShouldBe(ErrorCodes.UnknownSuspension);
        World(new BanSuspended("d1", "paused", Day(20))).When(new BanReinstated("d1", Day(20))).ShouldBeNull();
        World().When(new BanValidityChanged("d1", null, Day(15), new Source(SourceKind.Other, " "))).ShouldBe(ErrorCodes.InvalidField);
        World().When(new BanValidityChanged("d1", null, Day(15), new Source((SourceKind)42, "x"))).ShouldBe(ErrorCodes.InvalidField);
        World().When(new BanValidityChanged("d1", null, Day(15), new Source(SourceKind.Letter, "x", Day(14).AddTicks(1)))).ShouldBe(ErrorCodes.TooPrecise);
    }
}

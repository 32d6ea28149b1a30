using AccessLedger.Events;
using AccessLedger.Rules;
using AccessLedger.Tests.Infrastructure;
using Shouldly;
using static AccessLedger.Tests.Infrastructure.Given;

namespace AccessLedger.UnitTests.Rules;

/// <summary>Every rule of LEDGER.md section 5, against the state of the events before it.</summary>
public sealed class WriteRuleTests
{
    private static readonly ModelRegistered Mythos = new("mythos-5", "prov", "Mythos 5", ModelAvailability.Restricted, Day(1));
    private static readonly OrganizationRegistered GridCo = new("gridco", "GridCo", "US", true, Day(1));
    private static readonly BanIssued D1 = new("d1", "us-doc-bis", "letter", ["mythos-5"], new BanScope(BanScopeKind.ForeignPersons), ["15 CFR 744.22"], Day(12));
    private static readonly SafeguardCertified G1 = new("g1", "prov", ["mythos-5"], "us-doc", ["access_control"], Day(26));

    private static ExceptionGranted E1(params string[] directives) =>
        new("e1", directives, ["mythos-5"], [new OrganizationEmployees(["gridco"])], ["g1"], true, Day(26));

    [Fact]
    public void amending_lifting_or_relieving_a_ban_needs_the_ban()
    {
        History().When(new BanAmended("d1", ["fable-5"], [], Day(13))).ShouldBe(ErrorCodes.UnknownDirective);
        History().When(new BanLifted("d1", Day(13))).ShouldBe(ErrorCodes.UnknownDirective);
        History(G1).When(E1("d1")).ShouldBe(ErrorCodes.UnknownDirective);
        History(D1).When(new BanLifted("d1", Day(13))).ShouldBeNull();
    }

    [Fact]
    public void an_ended_ban_exception_safeguard_or_negotiation_cannot_end_again()
    {
        History(D1, new BanLifted("d1", Day(20))).When(new BanLifted("d1", Day(21))).ShouldBe(ErrorCodes.AlreadyEnded);
        History(G1, new SafeguardWithdrawn("g1", "lapsed", Day(27))).When(new SafeguardWithdrawn("g1", "again", Day(28))).ShouldBe(ErrorCodes.AlreadyEnded);
        History(D1, G1, E1("d1"), new ExceptionRevoked("e1", "done", Day(28))).When(new ExceptionRevoked("e1", "again", Day(29))).ShouldBe(ErrorCodes.AlreadyEnded);
        History(new NegotiationOpened("c1", ["d1"], ["us-doc"], Day(15)), new NegotiationClosed("c1", "granted", Day(26)))
            .When(new NegotiationClosed("c1", "again", Day(27))).ShouldBe(ErrorCodes.AlreadyEnded);
    }

    [Fact]
    public void an_exception_needs_its_directives_to_cover_its_models_and_its_safeguards_to_exist()
    {
        var fableOnly = D1 with { Models = ["fable-5"] };
        History(fableOnly, G1).When(E1("d1")).ShouldBe(ErrorCodes.ModelNotCovered);
        History(D1).When(E1("d1")).ShouldBe(ErrorCodes.UnknownSafeguard);
        History(D1, G1).When(E1("d1")).ShouldBeNull();
        History(fableOnly, new BanAmended("d1", ["mythos-5"], [], Day(13)), G1).When(E1("d1")).ShouldBeNull();
    }

    [Fact]
    public void amending_or_revoking_an_exception_needs_the_exception()
    {
        History().When(new ExceptionAmended("e1", ["acme"], [], Day(27))).ShouldBe(ErrorCodes.UnknownException);
        History().When(new ExceptionRevoked("e1", "done", Day(27))).ShouldBe(ErrorCodes.UnknownException);
    }

    [Fact]
    public void withdrawing_a_safeguard_closing_a_negotiation_or_lifting_a_suspension_needs_it_to_have_begun()
    {
        History().When(new SafeguardWithdrawn("g1", "lapsed", Day(27))).ShouldBe(ErrorCodes.UnknownSafeguard);
        History().When(new NegotiationClosed("c1", "granted", Day(26))).ShouldBe(ErrorCodes.UnknownNegotiation);
        History().When(new ProviderSuspensionLifted("s1", [], Day(29))).ShouldBe(ErrorCodes.UnknownSuspension);
    }

    [Fact]
    public void a_suspension_is_lifted_only_for_models_it_still_holds()
    {
        var s1 = new ProviderSuspensionStarted("s1", ["mythos-5", "fable-5"], SuspensionScope.AllUsers, "directive", Day(12));
        History(s1).When(new ProviderSuspensionLifted("s1", ["other-1"], Day(29))).ShouldBe(ErrorCodes.AlreadyEnded);
        History(s1, new ProviderSuspensionLifted("s1", ["mythos-5"], Day(29))).When(new ProviderSuspensionLifted("s1", ["mythos-5"], Day(30))).ShouldBe(ErrorCodes.AlreadyEnded);
        History(s1, new ProviderSuspensionLifted("s1", ["mythos-5"], Day(29))).When(new ProviderSuspensionLifted("s1", [], Day(30))).ShouldBeNull();
        History(s1, new ProviderSuspensionLifted("s1", [], Day(29))).When(new ProviderSuspensionLifted("s1", [], Day(30))).ShouldBe(ErrorCodes.AlreadyEnded);
    }

    [Fact]
    public void provisioning_needs_a_registered_organization_and_model_and_must_change_something()
    {
        History(Mythos).When(new PartnerProvisioned("gridco", "mythos-5", Day(9))).ShouldBe(ErrorCodes.UnknownOrganization);
        History(GridCo).When(new PartnerProvisioned("gridco", "mythos-5", Day(9))).ShouldBe(ErrorCodes.UnknownModel);
        History(GridCo, Mythos).When(new PartnerProvisioned("gridco", "mythos-5", Day(9), "e9")).ShouldBe(ErrorCodes.UnknownException);
        var provisioned = History(GridCo, Mythos, new PartnerProvisioned("gridco", "mythos-5", Day(9)));
        provisioned.When(new PartnerProvisioned("gridco", "mythos-5", Day(10))).ShouldBe(ErrorCodes.AlreadyProvisioned);
        provisioned.When(new PartnerDeprovisioned("gridco", "mythos-5", "ended", Day(8))).ShouldBe(ErrorCodes.NotProvisioned);
        provisioned.When(new PartnerDeprovisioned("gridco", "mythos-5", "ended", Day(29))).ShouldBeNull();
        History(GridCo, Mythos).When(new PartnerDeprovisioned("gridco", "mythos-5", "ended", Day(29))).ShouldBe(ErrorCodes.NotProvisioned);
    }

    [Fact]
    public void enrolment_needs_a_registered_organization_and_a_person_not_enrolled_then()
    {
        var lena = new PersonEnrolled("lena", "gridco", ["DE"], UsPersonStatus.None, "US", Day(1));
        History().When(lena).ShouldBe(ErrorCodes.UnknownOrganization);
        History(GridCo, lena).When(lena with { ValidFrom = Day(5) }).ShouldBe(ErrorCodes.AlreadyEnrolled);
        History(GridCo, lena, new PersonOffboarded("lena", Day(10))).When(lena with { ValidFrom = Day(20) }).ShouldBeNull();
        History().When(new PersonRelocated("lena", "GB", Day(5))).ShouldBe(ErrorCodes.UnknownPerson);
        History(GridCo, lena, new PersonOffboarded("lena", Day(10))).When(new PersonOffboarded("lena", Day(11))).ShouldBe(ErrorCodes.AlreadyEnded);
    }

    [Fact]
    public void what_opens_a_stream_cannot_open_it_twice()
    {
        History(Mythos).When(Mythos).ShouldBe(ErrorCodes.AlreadyExists);
        History(GridCo).When(GridCo).ShouldBe(ErrorCodes.AlreadyExists);
        History(D1).When(D1).ShouldBe(ErrorCodes.AlreadyExists);
        History(G1).When(G1).ShouldBe(ErrorCodes.AlreadyExists);
    }

    [Theory]
    [InlineData("Lena")]
    [InlineData("-lena")]
    [InlineData("")]
    [InlineData("a2345678901234567890123456789012345678901234567890123456789012345")]
    public void identifiers_must_be_slugs(string id) =>
        History().When(new ModelRegistered(id, "prov", "x", ModelAvailability.General, Day(1))).ShouldBe(ErrorCodes.InvalidField);

    [Fact]
    public void valid_to_must_be_after_valid_from() =>
        History().When(D1 with { ValidTo = D1.ValidFrom }).ShouldBe(ErrorCodes.InvalidInterval);

    [Theory]
    [InlineData("UK", "GB")]
    [InlineData("QZ", "user-assigned")]
    [InlineData("XK", "user-assigned")]
    [InlineData("AA", "user-assigned")]
    [InlineData("ZZ", "user-assigned")]
    [InlineData("EU", "not an ISO")]
    public void countries_are_assigned_iso_codes(string code, string hint)
    {
        var error = Should.Throw<LedgerRuleException>(() => FieldRules.Check(GridCo with { Country = code }));
        error.Code.ShouldBe(ErrorCodes.InvalidField);
        error.Message.ShouldContain(hint);
    }

    [Fact]
    public void lower_case_countries_are_normalised()
    {
        var checkedEvent = (PersonEnrolled)FieldRules.Check(new PersonEnrolled("lena", "gridco", ["de", "fr"], UsPersonStatus.None, "us", Day(1)));
        checkedEvent.Citizenships.ShouldBe(["DE", "FR"]);
        checkedEvent.Location.ShouldBe("US");
    }

    [Fact]
    public void a_ban_on_nationalities_lists_them_and_other_bans_do_not()
    {
        History().When(D1 with { Scope = new BanScope(BanScopeKind.Nationalities, []) }).ShouldBe(ErrorCodes.InvalidField);
        History().When(D1 with { Scope = new BanScope(BanScopeKind.ForeignPersons, ["CN"]) }).ShouldBe(ErrorCodes.InvalidField);
        History().When(D1 with { Scope = new BanScope(BanScopeKind.Nationalities, ["cn"]) }).ShouldBeNull();
    }
}

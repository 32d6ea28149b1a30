using AccessLedger.Events;
using AccessLedger.Rules;
using AccessLedger.Tests.Infrastructure;
using AccessLedger.Tests.Rules;
using AccessLedger.Wire;
using Shouldly;

namespace AccessLedger.Tests.Bugs;

/// <summary>
/// Issue 12, finding 1 (the stated instant's half): PostgreSQL keeps microseconds, so a stated instant with a 7th
/// fractional digit was hashed as one instant and stored as another (verify then reported tampering, and a
/// re-import gave another head). A stated instant finer than a microsecond is bad input naming its field, on the
/// wire and through the library; trailing zeros are only zeros.
/// </summary>
public sealed class Bug_12_stated_instant_finer_than_a_microsecond(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    private static readonly DateTimeOffset Precise = new DateTimeOffset(2026, 6, 12, 21, 21, 0, TimeSpan.Zero).AddTicks(1_234_567);

    [Theory]
    [InlineData("""{"type":"ban_lifted","recordedAt":"2026-06-13T14:00:00.1234567Z","data":{"directiveId":"d1","validFrom":"2026-06-12T21:21:00Z"}}""", "recordedAt 2026-06-13T14:00:00.1234567Z")]
    [InlineData("""{"type":"ban_lifted","data":{"directiveId":"d1","validFrom":"2026-06-12T21:21:00.1234567Z"}}""", "validFrom 2026-06-12T21:21:00.1234567Z")]
    [InlineData("""{"type":"ban_lifted","data":{"directiveId":"d1","validFrom":"2026-06-12T21:21:00.000000001Z"}}""", "validFrom 2026-06-12T21:21:00.000000001Z")]
    [InlineData("""{"type":"ban_issued","data":{"directiveId":"d","regulator":"r","instrument":"i","models":["m"],"scope":{"kind":"all_users"},"legalBasis":[],"validFrom":"2026-06-12T21:21:00Z","validTo":"2026-07-01T00:00:00.0000001+02:00"}}""", "validTo 2026-07-01T00:00:00.0000001+02:00")]
    public void a_stated_instant_with_a_digit_past_the_sixth_is_refused_naming_the_field(string line, string start)
    {
        var error = Refused.Line(line, 6);

        error.Code.ShouldBe(ErrorCodes.TooPrecise);
        error.Message.ShouldBe($"{start} is finer than a microsecond; state instants to the microsecond at most (6 fractional digits).");
    }

    [Theory]
    [InlineData("2026-06-12T21:21:00.123456Z", 1_234_560)]
    [InlineData("2026-06-12T21:21:00.1234560Z", 1_234_560)]
    [InlineData("2026-06-12T21:21:00.123456000Z", 1_234_560)]
    [InlineData("2026-06-12T21:21:00.5Z", 5_000_000)]
    public void digits_past_the_sixth_that_are_zero_are_only_zeros(string text, long ticksPastTheMinute)
    {
        LedgerJson.TryParseStatedInstant(text, out var instant, out _, out _).ShouldBeTrue();
        (instant - new DateTimeOffset(2026, 6, 12, 21, 21, 0, TimeSpan.Zero)).Ticks.ShouldBe(ticksPastTheMinute);
    }

    [Fact]
    public async Task a_valid_from_or_valid_to_finer_than_a_microsecond_is_refused_by_the_write_rules()
    {
        var ledger = await fixture.NewLedgerAsync();

        var error = await Should.ThrowAsync<LedgerRuleException>(() => ledger.RecordBatchAsync(
        [
            new LedgerCommand(new OrganizationRegistered("gridco", "GridCo", "US", true, Given.Origin)),
            new LedgerCommand(new BanLifted("d1", Precise)),
        ]));
        (error.Code, error.Index, error.Message).ShouldBe((ErrorCodes.TooPrecise, 1, "validFrom 2026-06-12T21:21:00.1234567Z is finer than a microsecond; state instants to the microsecond at most (6 fractional digits)."));

        var ban = new BanIssued("d1", "r", "i", ["m"], new BanScope(BanScopeKind.AllUsers), [], Given.Origin, Precise);
        Should.Throw<LedgerRuleException>(() => FieldRules.Check(ban)).Code.ShouldBe(ErrorCodes.TooPrecise);
        FieldRules.Check(ban with { ValidTo = Precise.AddTicks(-7) });
        (await ledger.GetHeadAsync()).Position.ShouldBe(0);
    }

    [Fact]
    public void a_stated_recorded_at_finer_than_a_microsecond_is_refused_however_the_command_is_made()
    {
        var e = new BanLifted("d1", Given.Origin);

        Should.Throw<LedgerRuleException>(() => new LedgerCommand(e, RecordedAt: Precise)).Code.ShouldBe(ErrorCodes.TooPrecise);
        Should.Throw<LedgerRuleException>(() => new LedgerCommand(e) with { RecordedAt = Precise }).Message.ShouldStartWith("recordedAt 2026-06-12T21:21:00.1234567Z");
        new LedgerCommand(e, RecordedAt: Precise.AddTicks(-7)).RecordedAt.ShouldBe(Precise.AddTicks(-7));
    }
}

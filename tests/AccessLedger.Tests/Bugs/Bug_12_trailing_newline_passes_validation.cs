using AccessLedger.DependencyInjection;
using AccessLedger.Events;
using AccessLedger.Rules;
using AccessLedger.Tests.Infrastructure;
using AccessLedger.Wire;
using Shouldly;

namespace AccessLedger.Tests.Bugs;

/// <summary>
/// Issue 12, finding 7: .NET's <c>$</c> matches before a final <c>\n</c>, so <c>org-t-nl\n</c> passed as a slug (and
/// made a stream that prints like <c>org-t-nl</c>), and timestamps and schema names with a trailing newline passed.
/// Patterns end with <c>\z</c> now; countries are two ASCII letters (upper-casing turned "ſe", with a long s, into SE).
/// </summary>
public sealed class Bug_12_trailing_newline_passes_validation(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    [Theory]
    [InlineData("org-t-nl\n")]
    [InlineData("org-t-nl\r\n")]
    [InlineData("org-t-nl\u2028")]
    [InlineData("org-t-nl ")]
    public void an_identifier_with_a_trailing_line_break_is_not_a_slug(string id) => FieldRules.IsSlug(id).ShouldBeFalse();

    [Fact]
    public async Task a_stream_with_a_trailing_newline_cannot_be_made()
    {
        var ledger = await fixture.NewLedgerAsync();

        var error = await Should.ThrowAsync<LedgerRuleException>(() => ledger.RecordAsync(new LedgerCommand(new OrganizationRegistered("t-nl\n", "T", "US", true, Given.Origin))));

        error.Code.ShouldBe(ErrorCodes.InvalidField);
        error.Message.ShouldStartWith(@"orgId 't-nl\u000a' is not an identifier");
        (await ledger.GetHeadAsync()).Position.ShouldBe(0);
    }

    [Theory]
    [InlineData("2026-06-12T21:21:00Z\n")]
    [InlineData("2026-06-12T21:21:00+02:00\n")]
    [InlineData("2026-06-12T21:21:00.5Z\n")]
    public void a_timestamp_with_a_trailing_newline_is_not_a_timestamp(string text)
    {
        LedgerJson.TryParseInstant(text).ShouldBeNull();
        LedgerJson.TryParseStatedInstant(text, out _, out var problem, out var code).ShouldBeFalse();
        code.ShouldBe(ErrorCodes.InvalidField);
        problem.ShouldContain("is not a timestamp with an offset");
        LedgerJson.TryParseInstant(text.TrimEnd()).ShouldNotBeNull();
    }

    [Fact]
    public void a_line_whose_validFrom_ends_with_a_newline_names_the_field()
    {
        var (_, error) = NdjsonReader.ParseLine(
            """{"type":"ban_lifted","data":{"directiveId":"d1","validFrom":"2026-06-12T21:21:00Z\n"}}""", 3);

        error.ShouldNotBeNull();
        error.ToString().ShouldStartWith(@"line 3 (ban_lifted): validFrom '2026-06-12T21:21:00Z\u000a' is not a timestamp with an offset");
    }

    [Theory]
    [InlineData("GB\n")]
    [InlineData("\u0131n")] // dotless i
    [InlineData("\u017Fe")] // long s: upper-cases to "SE"
    [InlineData("G")]
    public void a_country_is_two_ascii_letters_and_nothing_else(string code)
    {
        var error = Should.Throw<LedgerRuleException>(() => FieldRules.CheckCountry("location", code));
        error.Code.ShouldBe(ErrorCodes.InvalidField);
    }

    [Fact]
    public void a_schema_name_with_a_trailing_newline_is_refused_by_the_options()
    {
        var validator = new AccessLedgerOptionsValidator();

        validator.Validate(null, new AccessLedgerOptions { Schema = "smoke\n" }).Failed.ShouldBeTrue();
        validator.Validate(null, new AccessLedgerOptions { Schema = "smoke" }).Succeeded.ShouldBeTrue();
    }
}

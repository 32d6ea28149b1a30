using System.Text;
using AccessLedger.Events;
using AccessLedger.Rules;
using AccessLedger.Tests.Infrastructure;
using AccessLedger.Wire;
using Shouldly;

namespace AccessLedger.Tests.Bugs;

/// <summary>
/// Issue 12, finding 8: no field had a size limit (a 25 MiB name, a 1 MiB actor full of ANSI escapes were recorded).
/// The limits of <see cref="InputLimits"/> (docs/ledger.md, "Limits") hold in the library, so a service and the CLI
/// both apply them, and on the wire, where a line longer than 1 MiB is refused without being held whole.
/// </summary>
public sealed class Bug_12_no_size_limit_on_a_field(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    private static readonly DateTimeOffset Day = Given.Origin;

    [Fact]
    public async Task a_name_beyond_4_KiB_is_refused_and_one_at_the_limit_is_recorded()
    {
        var ledger = await fixture.NewLedgerAsync();
        var atLimit = new string('é', InputLimits.TextBytes / 2); // two bytes of UTF-8 each

        var error = await Should.ThrowAsync<LedgerRuleException>(() => ledger.RecordAsync(new LedgerCommand(new OrganizationRegistered("big", atLimit + "x", "US", true, Day))));
        (error.Code, error.Message).ShouldBe((ErrorCodes.TooLarge, "name is 4,097 bytes long; free text is at most 4 KiB (4,096 bytes of UTF-8)."));

        (await ledger.RecordAsync(new LedgerCommand(new OrganizationRegistered("big", atLimit, "US", true, Day)))).Position.ShouldBe(1);
    }

    [Fact]
    public void a_25_MiB_name_is_refused_and_not_quoted_whole()
    {
        var error = Should.Throw<LedgerRuleException>(() => FieldRules.Check(new ModelRegistered("m", "p", new string('x', 25 << 20), ModelAvailability.General, Day)));

        error.Code.ShouldBe(ErrorCodes.TooLarge);
        error.Message.Length.ShouldBeLessThan(200);
    }

    [Theory]
    [InlineData(201, "a", ErrorCodes.TooLarge)]
    [InlineData(1 << 20, "\u001b[31m", ErrorCodes.TooLarge)]
    [InlineData(1, "ops\u001b[2J", ErrorCodes.InvalidText)]
    [InlineData(1, "ops\u009b2J", ErrorCodes.InvalidText)] // the one-character CSI
    [InlineData(1, "ops\nroot", ErrorCodes.InvalidText)]
    [InlineData(1, "ops\u202Etoor", ErrorCodes.InvalidText)] // right-to-left override: prints as "opsroot"
    [InlineData(1, "   ", ErrorCodes.InvalidField)]
    public void an_actor_is_bounded_and_free_of_control_characters(int repeat, string text, string code)
    {
        var actor = string.Concat(Enumerable.Repeat(text, repeat));
        var e = new BanLifted("d1", Day);

        var error = Should.Throw<LedgerRuleException>(() => new LedgerCommand(e, Actor: actor));
        error.Code.ShouldBe(code);
        error.Message.ShouldStartWith("actor ");
        error.Message.ShouldNotContain("\u001b");
        error.Message.Length.ShouldBeLessThan(300);
        Should.Throw<LedgerRuleException>(() => new LedgerCommand(e) with { Actor = actor }).Code.ShouldBe(code);
        Should.Throw<LedgerRuleException>(() => new LedgerCommand(e, CommandId: actor)).Message.ShouldStartWith("commandId ");
    }

    [Fact]
    public void an_actor_or_command_id_at_its_limit_is_kept()
    {
        var command = new LedgerCommand(new BanLifted("d1", Day), new string('c', InputLimits.CommandIdLength), "Jane Doe <jane@prov.example> ✓" + new string('.', InputLimits.ActorLength - 30));
        command.CommandId!.Length.ShouldBe(InputLimits.CommandIdLength);
        command.Actor!.Length.ShouldBe(InputLimits.ActorLength);
    }

    [Fact]
    public void a_list_beyond_1000_entries_is_refused()
    {
        var models = Enumerable.Range(0, InputLimits.ListEntries + 1).Select(i => $"m{i}").ToArray();

        var error = Should.Throw<LedgerRuleException>(() => FieldRules.Check(new BanIssued("d1", "r", "i", models, new BanScope(BanScopeKind.AllUsers), [], Day)));
        (error.Code, error.Message).ShouldBe((ErrorCodes.TooLarge, "models has 1,001 entries; a list has at most 1,000."));
        FieldRules.Check(new BanIssued("d1", "r", "i", models[..^1], new BanScope(BanScopeKind.AllUsers), [], Day));
    }

    [Fact]
    public void an_event_beyond_512_KiB_as_json_is_refused_though_each_field_is_within_its_limit()
    {
        var parties = Enumerable.Range(0, 200).Select(i => $"{i:D4}" + new string('p', 3000)).ToArray();

        var error = Should.Throw<LedgerRuleException>(() => FieldRules.Check(new NegotiationOpened("c1", ["d1"], parties, Day)));
        error.Code.ShouldBe(ErrorCodes.TooLarge);
        error.Message.ShouldEndWith("an event is at most 512 KiB.");
        FieldRules.Check(new NegotiationOpened("c1", ["d1"], parties[..150], Day));

        // As much text, but every character escaped in JSON ("\""): beyond the limit as the ledger would write it.
        var quoted = parties[..150].Select(p => p.Replace('p', '"')).ToArray();
        Should.Throw<LedgerRuleException>(() => FieldRules.Check(new NegotiationOpened("c1", ["d1"], quoted, Day))).Message.ShouldStartWith("the event's data is 9");
    }

    [Fact]
    public void a_line_beyond_1_MiB_is_refused_with_its_length()
    {
        var line = """{"type":"organization_registered","data":{"orgId":"o","name":"NAME","country":"US","usPerson":true,"validFrom":"2026-06-01T00:00:00Z"}}""";
        var huge = line.Replace("NAME", new string('x', 25 << 20));

        var (command, error) = NdjsonReader.ParseLine(huge, 2);
        command.ShouldBeNull();
        (error!.Code, error.Message).ShouldBe((ErrorCodes.TooLarge, $"the line is {Encoding.UTF8.GetByteCount(huge):N0} bytes long; a line is at most 1 MiB (1,048,576 bytes)."));

        using var file = new MemoryStream(Encoding.UTF8.GetBytes(huge + "\n" + line.Replace("NAME", "Small") + "\n"));
        var lines = NdjsonReader.Read(file).ToList();
        lines.Select(l => (l.LineNumber, l.Error?.Code)).ShouldBe([(1, ErrorCodes.TooLarge), (2, null)]);
        lines[0].Error!.Message.ShouldBe(error.Message);
    }
}

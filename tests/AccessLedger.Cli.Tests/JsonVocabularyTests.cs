using System.CommandLine;
using System.Text.Json;
using System.Text.RegularExpressions;
using AccessLedger.Cli.Tests.Infrastructure;
using Shouldly;

namespace AccessLedger.Cli.Tests;

/// <summary>
/// Every command's JSON speaks one vocabulary (docs/cli.md, "JSON"): one object on one line; the ledger head it was
/// read at as <c>checkpoint</c>, always <c>{"position", "hash"}</c>; a decision always <c>{decision, activity,
/// knowledge, reasons, basis}</c>; an event reference always its five fields; instants in UTC with Z; absent values left out, never null.
/// </summary>
public sealed partial class JsonVocabularyTests(ScenarioFixture scenario) : IClassFixture<ScenarioFixture>
{
    private static readonly string[][] Calls =
    [
        ["migrate", "--json"],
        ["import", CliRunner.ScenarioFile, "--json"],
        ["check", "--model", "mythos-5", "--person", "lena", "--at", "2026-06-12T22:00:00Z", "--json"],
        ["check", "--model", "mythos-5", "--person", "lena", "--at", "2026-06-12T22:00:00Z", "--known-at", "2026-06-12T22:00:00Z", "--format", "json"],
        ["events", "--known-at", "2026-06-12T22:00:00Z", "--format", "json"],
        ["verify", "--json"],
        ["who", "--model", "mythos-5", "--at", "2026-06-12T22:00:00Z", "--json"],
        ["who", "--model", "mythos-5", "--at", "2026-06-12T22:00:00Z", "--known-at", "2026-06-13T00:00:00Z", "--knowledge", "notice", "--activity", "weights_transfer", "--json"],
        ["changes", "--model", "mythos-5", "--from", "2026-06-09T00:00:00Z", "--to", "2026-07-10T00:00:00Z", "--json"],
        ["diff", "--model", "mythos-5", "--from", "2026-06-12T00:00:00Z", "--to", "2026-06-14T00:00:00Z", "--known-at-1", "2026-06-12T23:00:00Z", "--json"],
        ["diff", "--model", "mythos-5", "--from", "2026-06-12T00:00:00Z", "--to", "2026-06-14T00:00:00Z", "--known-at-1", "2026-06-12T23:00:00Z", "--knowledge-1", "recorded", "--known-at-2", "2026-06-12T23:00:00Z", "--knowledge-2", "notice", "--json"],
        ["timeline", "--person", "kenji", "--json"],
        ["timeline", "--model", "mythos-5", "--format", "json"],
        ["revalidate", "--since", "2026-06-01T00:00:00Z", "--json"],
    ];

    /// <summary>One call of each command that answers in JSON, on the June 2026 episode.</summary>
    public static TheoryData<string[]> JsonCalls() => new(Calls);

    [Fact]
    public void every_command_that_answers_in_json_is_walked_here()
    {
        var root = CliApp.CreateRootCommand(new CliContext(TextWriter.Null, TextWriter.Null, new Dictionary<string, string?>()));
        var walked = Calls.Select(args => args[0]).ToHashSet(StringComparer.Ordinal);

        root.Subcommands.Where(c => c.Options.Any(o => o.Name is "--json" or "--format")).Select(c => c.Name).ShouldBe(walked, ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(JsonCalls))]
    public async Task the_json_of_every_command_follows_the_vocabulary(string[] args)
    {
        var run = await scenario.Cli.RunAsync(args);

        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Lines.Count.ShouldBe(1, run.Out);
        run.Out.ShouldEndWith("}\n");
        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        root.ValueKind.ShouldBe(JsonValueKind.Object);
        ShouldBeTheHead(root.GetProperty("checkpoint"), await scenario.Ledger.Ledger.GetHeadAsync());
        Walk(root, "$");
    }

    [Fact]
    public async Task events_json_lines_is_the_wire_format_and_json_is_kept_as_its_synonym()
    {
        var lines = await scenario.Cli.RunAsync("events", "--json-lines");
        var json = await scenario.Cli.RunAsync("events", "--json");
        var ndjson = await scenario.Cli.RunAsync("events", "--format", "ndjson");

        lines.Exit.ShouldBe(ExitCodes.Ok, lines.ToString());
        lines.Lines.Count.ShouldBe(21);
        json.Out.ShouldBe(lines.Out);
        ndjson.Out.ShouldBe(lines.Out);
        foreach (var line in lines.Lines)
        {
            using var wire = JsonDocument.Parse(line);
            var names = wire.RootElement.EnumerateObject().Select(p => p.Name).ToList();
            names.ShouldBe(names.Contains("actor") ? ["type", "recordedAt", "commandId", "actor", "data"] : ["type", "recordedAt", "commandId", "data"]);
            Walk(wire.RootElement, "$");
        }
    }

    [Fact]
    public async Task events_as_one_object_list_each_event_with_its_reference_fields_and_its_wire_fields()
    {
        var run = await scenario.Cli.RunAsync("events", "--stream", "directive-d1", "--format", "json");

        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        json.RootElement.EnumerateObject().Select(p => p.Name).ShouldBe(["stream", "checkpoint", "events"]);
        var e = json.RootElement.GetProperty("events").EnumerateArray().Single();
        e.EnumerateObject().Select(p => p.Name).ShouldBe(["position", "stream", "version", "type", "recordedAt", "validFrom", "commandId", "actor", "data", "hash"]);
        e.GetProperty("recordedAt").GetString().ShouldBe("2026-06-13T14:00:00Z");
        e.GetProperty("hash").GetString()!.ShouldMatch("^[0-9a-f]{64}$");
    }

    [Fact]
    public async Task verify_gives_its_head_as_a_checkpoint_object_and_leaves_out_what_does_not_apply()
    {
        var head = await scenario.Ledger.Ledger.GetHeadAsync();

        var plain = await scenario.Cli.RunAsync("verify", "--json");
        var withCheckpoint = await scenario.Cli.RunAsync("verify", "--checkpoint", head.ToString(), "--json");

        using var json = JsonDocument.Parse(plain.Out);
        json.RootElement.EnumerateObject().Select(p => p.Name).ShouldBe(["intact", "eventsChecked", "checkpoint"]);
        using var matched = JsonDocument.Parse(withCheckpoint.Out);
        matched.RootElement.GetProperty("checkpointMatches").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task json_and_format_together_are_refused_as_bad_input()
    {
        var run = await scenario.Cli.RunAsync("who", "--model", "mythos-5", "--at", "2026-06-12T22:00:00Z", "--json", "--format", "text");

        run.Exit.ShouldBe(ExitCodes.BadInput, run.ToString());
        run.Error.ShouldContain("--format and --json each choose the form of the answer");
        run.Out.ShouldBeEmpty();
    }

    private static void ShouldBeTheHead(JsonElement checkpoint, Decisions.LedgerCheckpoint head)
    {
        checkpoint.EnumerateObject().Select(p => p.Name).ShouldBe(["position", "hash"]);
        checkpoint.GetProperty("position").GetInt64().ShouldBe(head.Position);
        checkpoint.GetProperty("hash").GetString().ShouldBe(head.Hash);
    }

    /// <summary>Checks every value under <paramref name="element"/> against the vocabulary; <paramref name="path"/> names it in failures.</summary>
    private static void Walk(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
                throw new ShouldAssertException($"{path} is null: absent values are left out, never null.");
            case JsonValueKind.String when Timestampish().IsMatch(element.GetString()!):
                element.GetString()!.ShouldMatch(LedgerInstant().ToString(), $"{path}: instants are UTC, ISO 8601, ending in Z");
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, $"{path}[{i++}]");
                }

                break;
            case JsonValueKind.Object:
                var names = element.EnumerateObject().Select(p => p.Name).ToList();
                names.ShouldAllBe(n => CamelCase().IsMatch(n), path);
                if (element.TryGetProperty("checkpoint", out var checkpoint))
                {
                    checkpoint.EnumerateObject().Select(p => p.Name).ShouldBe(["position", "hash"], $"{path}.checkpoint");
                    checkpoint.GetProperty("hash").GetString()!.ShouldMatch("^[0-9a-f]{64}$");
                }

                if (element.TryGetProperty("event", out var reference))
                {
                    IsEventReference(reference).ShouldBeTrue($"{path}.event");
                }

                if (element.TryGetProperty("decision", out var decision) && decision.ValueKind == JsonValueKind.String)
                {
                    ShouldBeADecision(element, path);
                }

                foreach (var property in element.EnumerateObject())
                {
                    Walk(property.Value, $"{path}.{property.Name}");
                }

                break;
        }
    }

    private static void ShouldBeADecision(JsonElement decision, string path)
    {
        decision.EnumerateObject().Select(p => p.Name).Where(n => n != "checkpoint").ShouldBe(["decision", "activity", "knowledge", "reasons", "basis"], path);
        decision.GetProperty("decision").GetString().ShouldBeOneOf("allowed", "denied");
        foreach (var reason in decision.GetProperty("reasons").EnumerateArray())
        {
            reason.EnumerateObject().Select(p => p.Name).ShouldBe(["code", "message", "events"], $"{path}.reasons");
            reason.GetProperty("events").EnumerateArray().ShouldAllBe(e => IsEventReference(e));
        }

        decision.GetProperty("basis").EnumerateArray().ShouldAllBe(e => IsEventReference(e));
    }

    private static bool IsEventReference(JsonElement e) =>
        e.EnumerateObject().Select(p => p.Name).SequenceEqual(["stream", "version", "type", "recordedAt", "validFrom"]);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T")]
    private static partial Regex Timestampish();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z$")]
    private static partial Regex LedgerInstant();

    [GeneratedRegex("^[a-z][A-Za-z0-9]*$")]
    private static partial Regex CamelCase();
}

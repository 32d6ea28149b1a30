using System.Text.Json;
using AccessLedger.Decisions;
using AccessLedger.Events;
using AccessLedger.Timelines;
using Shouldly;

namespace AccessLedger.Cli.Tests;

/// <summary>
/// <see cref="DecisionJson"/>, the core's public serializer of the contract's decision shape, which the tool prints
/// and a library user gets without writing DTOs of their own.
/// </summary>
public sealed class DecisionJsonTests
{
    private const string Hash = "57e209a587d4a3d72d5d3d7bf54083aedbd8a119bf2591acbbafcbeded0fbed3";

    private static readonly EventRef Ban = new("directive-d1", 1, "ban_issued", Instant("2026-06-13T14:00:00.123456Z"), Instant("2026-06-12T21:21:00Z"), 13);

    private static readonly Decision Denied = new(
        "mythos-5",
        Subject.AdHoc("gridco", ["DE"], UsPersonStatus.None, "US"),
        Instant("2026-06-12T22:00:00Z"),
        KnownAt: null,
        [new DecisionReason(ReasonCodes.LegalBan, "directive d1 bars foreign persons — at 2026-06-12T22:00:00Z.", [Ban])],
        Basis: [])
    {
        Checkpoint = new LedgerCheckpoint(21, Hash),
    };

    [Fact]
    public void a_decision_is_written_in_the_contracts_shape_with_its_checkpoint()
    {
        DecisionJson.Serialize(Denied).ShouldBe(
            """{"decision":"denied","activity":"use","knowledge":"recorded","reasons":[{"code":"legal_ban","message":"directive d1 bars foreign persons — at 2026-06-12T22:00:00Z.","events":[{"stream":"directive-d1","version":1,"type":"ban_issued","recordedAt":"2026-06-13T14:00:00.123456Z","validFrom":"2026-06-12T21:21:00Z"}]}],"basis":[],"checkpoint":{"position":21,"hash":"57e209a587d4a3d72d5d3d7bf54083aedbd8a119bf2591acbbafcbeded0fbed3"}}""");
    }

    [Fact]
    public void a_decision_serialized_as_a_plain_record_is_not_the_contracts_shape()
    {
        // What a library user got before: the reason this serializer exists.
        var plain = JsonSerializer.Serialize(Denied);

        plain.ShouldContain("\"Subject\":{}");
        plain.ShouldContain("\"Allowed\":false");
        DecisionJson.Serialize(Denied).ShouldNotContain("Subject");
    }

    [Fact]
    public void a_decision_not_read_from_a_ledger_leaves_the_checkpoint_out_rather_than_null()
    {
        var json = DecisionJson.Serialize(Denied with { Checkpoint = null });

        json.ShouldNotContain("checkpoint");
        json.ShouldNotContain("null");
    }

    [Theory]
    [InlineData(JsonSerializerDefaults.General)]
    [InlineData(JsonSerializerDefaults.Web)]
    public void added_to_any_options_the_converters_give_decisions_checkpoints_and_events_the_contracts_shape(JsonSerializerDefaults defaults)
    {
        var options = DecisionJson.AddTo(new JsonSerializerOptions(defaults));

        var json = JsonSerializer.Serialize(new { Answer = Denied, Head = Denied.Checkpoint, Cited = Ban }, options);

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement.EnumerateObject().Select(p => p.Value).ToList();
        root[0].EnumerateObject().Select(p => p.Name).ShouldBe(["decision", "activity", "knowledge", "reasons", "basis", "checkpoint"]);
        root[1].EnumerateObject().Select(p => p.Name).ShouldBe(["position", "hash"]);
        root[2].EnumerateObject().Select(p => p.Name).ShouldBe(["stream", "version", "type", "recordedAt", "validFrom"]);
    }

    [Fact]
    public void a_checkpoint_reads_back_from_its_json()
    {
        var json = JsonSerializer.Serialize(Denied.Checkpoint, DecisionJson.Options);

        JsonSerializer.Deserialize<LedgerCheckpoint>(json, DecisionJson.Options).ShouldBe(Denied.Checkpoint);
    }

    [Theory]
    [InlineData("""{"position":21,"hash":"57E209A5"}""", "'hash'")]
    [InlineData("""{"position":-1,"hash":"57e209a587d4a3d72d5d3d7bf54083aedbd8a119bf2591acbbafcbeded0fbed3"}""", "'position'")]
    [InlineData("""{"position":21}""", "needs both 'position' and 'hash'")]
    [InlineData("""{"position":21,"hash":"57e209a587d4a3d72d5d3d7bf54083aedbd8a119bf2591acbbafcbeded0fbed3","head":1}""", "'head'")]
    [InlineData("\"21:57e209a5\"", "a checkpoint is an object")]
    public void a_malformed_checkpoint_is_refused_naming_the_field_and_its_form(string json, string named)
    {
        var error = Should.Throw<JsonException>(() => JsonSerializer.Deserialize<LedgerCheckpoint>(json, DecisionJson.Options));

        error.Message.ShouldContain(named);
        error.Message.ShouldNotContain("System.");
    }

    [Fact]
    public void a_decision_cannot_be_read_back_because_the_contracts_shape_leaves_out_the_question()
    {
        var error = Should.Throw<NotSupportedException>(() => JsonSerializer.Deserialize<Decision>(DecisionJson.Serialize(Denied), DecisionJson.Options));

        error.Message.ShouldContain("leaves out the model, subject and instants");
    }

    private static DateTimeOffset Instant(string text) => Wire.LedgerJson.TryParseInstant(text)!.Value;
}

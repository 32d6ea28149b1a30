using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using AccessLedger.Timelines;
using AccessLedger.Wire;

namespace AccessLedger.Decisions;

/// <summary>
/// The contract's JSON for a <see cref="Decision"/> (LEDGER.md section 6), the shape <c>accessledger check --json</c>
/// prints: <c>{"decision": "allowed" | "denied", "activity", "reasons": [{"code", "message", "events"}], "basis": [events],
/// "checkpoint": {"position", "hash"}}</c>, each event as <c>{"stream", "version", "type", "recordedAt",
/// "validFrom"}</c>. Without it, a <see cref="Decision"/> serialized as a plain record gives <c>"subject": {}</c> and
/// <c>"allowed": false</c>, which no client of the contract reads.
/// </summary>
/// <remarks>
/// Absent values are left out, never written as <c>null</c>: a decision not read from a ledger has no
/// <c>checkpoint</c>. Instants are UTC with <c>Z</c> (<see cref="LedgerJson.Format"/>). Reasons are in the order of
/// the gates. A <see cref="LedgerCheckpoint"/> reads back from its JSON; a decision and an event reference do not (the
/// contract's shape leaves out the question and the ledger position they would need).
/// </remarks>
/// <example>
/// <code>
/// var json = DecisionJson.Serialize(await ledger.DecideAsync("mythos-5", Subject.Person("lena"), at));
/// builder.Services.ConfigureHttpJsonOptions(o => DecisionJson.AddTo(o.SerializerOptions));
/// </code>
/// </example>
public static class DecisionJson
{
    /// <summary>
    /// The contract's settings (<see cref="LedgerJson.Configure"/>) with the converters of <see cref="AddTo"/>, and
    /// non-ASCII text written as is (<c>—</c>, not <c>\u2014</c>): for files, pipes and JSON APIs, not for
    /// embedding in HTML.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>
    /// Adds converters to <paramref name="options"/> so that a <see cref="Decision"/>, a <see cref="LedgerCheckpoint"/>
    /// and an <see cref="EventRef"/> anywhere in a serialized object take the contract's shape, whatever the
    /// options' naming policy.
    /// </summary>
    /// <returns><paramref name="options"/>, for chaining.</returns>
    public static JsonSerializerOptions AddTo(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Converters.Add(new DecisionConverter());
        options.Converters.Add(new CheckpointConverter());
        options.Converters.Add(new EventRefConverter());
        return options;
    }

    /// <summary>The decision as one line of the contract's JSON.</summary>
    public static string Serialize(Decision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return JsonSerializer.Serialize(decision, Options);
    }

    /// <summary>Writes the decision as a JSON object in the contract's shape.</summary>
    public static void Write(Utf8JsonWriter writer, Decision decision)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(decision);
        writer.WriteStartObject();
        writer.WriteString("decision", decision.Allowed ? "allowed" : "denied");
        writer.WriteString("activity", decision.Activity);
        writer.WriteString("knowledge", LedgerJson.Name(decision.Knowledge));
        writer.WriteStartArray("reasons");
        foreach (var reason in decision.Reasons)
        {
            writer.WriteStartObject();
            writer.WriteString("code", reason.Code);
            writer.WriteString("message", reason.Message);
            WriteEvents(writer, "events", reason.Events);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        WriteEvents(writer, "basis", decision.Basis);
        if (decision.Checkpoint is { } checkpoint)
        {
            writer.WritePropertyName("checkpoint");
            Write(writer, checkpoint);
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes a checkpoint as <c>{"position": n, "hash": "…"}</c>.</summary>
    public static void Write(Utf8JsonWriter writer, LedgerCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(checkpoint);
        writer.WriteStartObject();
        writer.WriteNumber("position", checkpoint.Position);
        writer.WriteString("hash", checkpoint.Hash);
        writer.WriteEndObject();
    }

    /// <summary>Writes an event reference as <c>{"stream", "version", "type", "recordedAt", "validFrom"}</c>, with <c>"noticeAt"</c> when its source dates it otherwise.</summary>
    public static void Write(Utf8JsonWriter writer, EventRef e)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(e);
        writer.WriteStartObject();
        writer.WriteString("stream", e.Stream);
        writer.WriteNumber("version", e.Version);
        writer.WriteString("type", e.Type);
        writer.WriteString("recordedAt", LedgerJson.Format(e.RecordedAt));
        writer.WriteString("validFrom", LedgerJson.Format(e.ValidFrom));
        if (e.NoticeAt != e.RecordedAt)
        {
            // The public record's date, when its source gives one (LEDGER.md section 7.2).
            writer.WriteString("noticeAt", LedgerJson.Format(e.NoticeAt));
        }

        writer.WriteEndObject();
    }

    private static void WriteEvents(Utf8JsonWriter writer, string name, IReadOnlyList<EventRef> events)
    {
        writer.WriteStartArray(name);
        foreach (var e in events)
        {
            Write(writer, e);
        }

        writer.WriteEndArray();
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = AddTo(LedgerJson.Configure(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private sealed class DecisionConverter : JsonConverter<Decision>
    {
        public override Decision Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("the contract's JSON of a decision leaves out the model, subject and instants it answers, so it cannot be read back into a Decision.");

        public override void Write(Utf8JsonWriter writer, Decision value, JsonSerializerOptions options) => DecisionJson.Write(writer, value);
    }

    private sealed class EventRefConverter : JsonConverter<EventRef>
    {
        public override EventRef Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("the contract's JSON of an event reference leaves out its ledger position, so it cannot be read back into an EventRef.");

        public override void Write(Utf8JsonWriter writer, EventRef value, JsonSerializerOptions options) => DecisionJson.Write(writer, value);
    }

    private sealed class CheckpointConverter : JsonConverter<LedgerCheckpoint>
    {
        public override LedgerCheckpoint Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("a checkpoint is an object {\"position\": n, \"hash\": \"64 hex digits\"}.");
            }

            long? position = null;
            string? hash = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "position" when reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var p) && p >= 0:
                        position = p;
                        break;
                    case "hash" when reader.TokenType == JsonTokenType.String && reader.GetString() is { Length: 64 } h && h.All(char.IsAsciiHexDigitLower):
                        hash = h;
                        break;
                    default:
                        throw new JsonException($"a checkpoint has only a 'position' (a whole number, 0 or more) and a 'hash' (64 lower-case hex digits); '{name}' is not one of them or not of that form.");
                }
            }

            return position is { } at && hash is not null
                ? new LedgerCheckpoint(at, hash)
                : throw new JsonException("a checkpoint needs both 'position' and 'hash'.");
        }

        public override void Write(Utf8JsonWriter writer, LedgerCheckpoint value, JsonSerializerOptions options) => DecisionJson.Write(writer, value);
    }
}

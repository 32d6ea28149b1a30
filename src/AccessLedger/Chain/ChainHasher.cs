using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using AccessLedger.Events;
using AccessLedger.Wire;

namespace AccessLedger.Chain;

/// <summary>
/// The hash chain of the ledger (docs/tamper-evidence.md): each event's hash is
/// SHA-256(previous hash ‖ canonical bytes), where the canonical bytes are the UTF-8 JSON object
/// {actor, commandId, data, recordedAt, stream, type, version} with keys sorted by code point at every level,
/// no whitespace, nulls omitted, and instants written as <c>yyyy-MM-ddTHH:mm:ss[.fffffff]Z</c>.
/// The first event's previous hash is 32 zero bytes.
/// </summary>
internal static class ChainHasher
{
    /// <summary>The previous hash of position 1.</summary>
    public static ReadOnlyMemory<byte> Genesis { get; } = new byte[32];

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    /// <summary>The canonical bytes of one event.</summary>
    public static byte[] Canonical(string type, JsonNode data, string stream, long version, DateTimeOffset recordedAt, string commandId, string? actor) =>
        Canonical(type, SortedJson(data), stream, version, recordedAt, commandId, actor);

    /// <summary>The canonical bytes of one event whose data is already in canonical form (<see cref="SortedJson"/>).</summary>
    public static byte[] Canonical(string type, string sortedData, string stream, long version, DateTimeOffset recordedAt, string commandId, string? actor)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            // Keys in code-point order: actor, commandId, data, recordedAt, stream, type, version.
            writer.WriteStartObject();
            if (actor is not null)
            {
                writer.WriteString("actor", actor);
            }

            writer.WriteString("commandId", commandId);
            writer.WritePropertyName("data");
            writer.WriteRawValue(sortedData, skipInputValidation: true);
            writer.WriteString("recordedAt", LedgerJson.Format(recordedAt));
            writer.WriteString("stream", stream);
            writer.WriteString("type", type);
            writer.WriteNumber("version", version);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// The canonical bytes of an event as <c>mt_events</c> stores it: its type, data, stream and version, and the
    /// recordedAt, commandId and actor of its headers (docs/tamper-evidence.md). Null when the headers hold no instant.
    /// </summary>
    public static byte[]? CanonicalOfStored(string type, string data, string stream, long version, string headers)
    {
        var h = JsonNode.Parse(headers)!.AsObject();
        var recordedAt = LedgerJson.TryParseInstant(h[Storage.LedgerSchema.RecordedAtHeader]?.GetValue<string>());
        return recordedAt is null ? null : Canonical(type, JsonNode.Parse(data)!, stream, version, recordedAt.Value,
            h[Storage.LedgerSchema.CommandIdHeader]?.GetValue<string>() ?? "", h[Storage.LedgerSchema.ActorHeader]?.GetValue<string>());
    }

    /// <summary>The data of an event as the canonical form takes it.</summary>
    public static JsonNode DataOf(ILedgerEvent e) => JsonSerializer.SerializeToNode(e, e.GetType(), LedgerJson.Options)!;

    /// <summary>SHA-256(previous ‖ canonical).</summary>
    public static byte[] Next(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> canonical)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(previous);
        hash.AppendData(canonical);
        return hash.GetHashAndReset();
    }

    /// <summary>SHA-256 of an event's type and data, hex: the payload compared for idempotency.</summary>
    public static string PayloadHash(string type, JsonNode data) => PayloadHash(type, SortedJson(data));

    /// <summary>SHA-256 of an event's type and its data in canonical form, hex.</summary>
    public static string PayloadHash(string type, string sortedData) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(type + "\n" + sortedData)));

    /// <summary>The node as compact JSON with sorted keys.</summary>
    public static string SortedJson(JsonNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteSorted(writer, node);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteSorted(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject o:
                writer.WriteStartObject();
                foreach (var (key, value) in o.Where(p => p.Value is not null).OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    WriteSorted(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray a:
                writer.WriteStartArray();
                foreach (var item in a)
                {
                    WriteSorted(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}

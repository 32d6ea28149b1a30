using System.Text.Encodings.Web;
using System.Text.Json;
using AccessLedger.Chain.Merkle;

namespace AccessLedger.Chain.Checkpoints;

/// <summary>One cited event of a bundle: its leaf index, its canonical bytes (the leaf) and its inclusion path.</summary>
internal sealed record CitedLeaf(long LeafIndex, byte[] Canonical, IReadOnlyList<byte[]> InclusionPath);

/// <summary>An older signed checkpoint of the same log and the consistency path from it to the bundle's checkpoint.</summary>
internal sealed record OlderCheckpoint(string Checkpoint, IReadOnlyList<byte[]> ConsistencyPath);

/// <summary>Where a bundle is not of its form: the member (a JSON path such as <c>events[2].inclusionPath[0]</c>) and why.</summary>
internal sealed record BundleProblem(string Subject, string Problem);

/// <summary>
/// A proof bundle (docs/proofs.md): a signed checkpoint, the cited events with their inclusion paths, and older
/// checkpoints with consistency paths to it, as JSON. Members other than these are ignored, so an answer may carry
/// its decision beside its proof.
/// </summary>
internal sealed record ProofBundle(string Checkpoint, IReadOnlyList<CitedLeaf> Events, IReadOnlyList<OlderCheckpoint> OlderCheckpoints)
{
    /// <summary>The value of the <c>format</c> member.</summary>
    public const string Format = "accessledger-proof-bundle/1";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };
    private static readonly JsonDocumentOptions ReaderOptions = new() { AllowDuplicateProperties = false };

    /// <summary>The bundle as UTF-8 JSON.</summary>
    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("format", Format);
            writer.WriteString("checkpoint", Checkpoint);
            writer.WriteStartArray("events");
            foreach (var e in Events)
            {
                writer.WriteStartObject();
                writer.WriteNumber("leafIndex", e.LeafIndex);
                writer.WriteBase64String("canonical", e.Canonical);
                WriteHashes(writer, "inclusionPath", e.InclusionPath);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("olderCheckpoints");
            foreach (var older in OlderCheckpoints)
            {
                writer.WriteStartObject();
                writer.WriteString("checkpoint", older.Checkpoint);
                WriteHashes(writer, "consistencyPath", older.ConsistencyPath);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Reads a bundle from UTF-8 JSON, or names the first member (in the order of docs/proofs.md) that is not of its
    /// form.
    /// </summary>
    public static ProofBundle? Parse(ReadOnlyMemory<byte> json, out BundleProblem? problem)
    {
        problem = null;
        JsonDocument? document = null;
        try
        {
            // The reader checks the UTF-8 of a string only when it is read; a member name it never reads would slip by.
            document = System.Text.Unicode.Utf8.IsValid(json.Span) ? JsonDocument.Parse(json, ReaderOptions) : null;
        }
        catch (JsonException)
        {
        }

        if (document is null)
        {
            problem = new BundleProblem("bundle", "the bundle is not one JSON document in UTF-8 without duplicate member names.");
            return null;
        }

        using (document)
        {
            try
            {
                return Read(document.RootElement);
            }
            catch (MalformedException e)
            {
                problem = new BundleProblem(e.Subject, e.Message);
                return null;
            }
        }
    }

    private static ProofBundle Read(JsonElement root)
    {
        Expect(root.ValueKind == JsonValueKind.Object, "bundle", "the bundle is not a JSON object.");
        Expect(Member(root, "format", "format") is { ValueKind: JsonValueKind.String } format && format.ValueEquals(Format),
            "format", $"the bundle's format is not \"{Format}\".");
        var checkpoint = Text(Member(root, "checkpoint", "checkpoint"), "checkpoint");

        var events = new List<CitedLeaf>();
        var eventArray = Member(root, "events", "events");
        Expect(eventArray.ValueKind == JsonValueKind.Array, "events", "events is not an array.");
        foreach (var (e, i) in eventArray.EnumerateArray().Select((e, i) => (e, i)))
        {
            var at = $"events[{i}]";
            Expect(e.ValueKind == JsonValueKind.Object, at, "an event is not a JSON object.");
            var index = Member(e, "leafIndex", at + ".leafIndex");
            Expect(index.ValueKind == JsonValueKind.Number && index.TryGetInt64(out var leafIndex) && leafIndex >= 0,
                at + ".leafIndex", "a leaf index is an integer from 0 to 2^63-1.");
            Expect(NoteText.TryDecodeBase64(Text(Member(e, "canonical", at + ".canonical"), at + ".canonical"), out var canonical),
                at + ".canonical", "the canonical bytes are not in standard base64.");
            events.Add(new CitedLeaf(index.GetInt64(), canonical, Hashes(Member(e, "inclusionPath", at + ".inclusionPath"), at + ".inclusionPath")));
        }

        var older = new List<OlderCheckpoint>();
        if (root.TryGetProperty("olderCheckpoints", out var olderArray))
        {
            Expect(olderArray.ValueKind == JsonValueKind.Array, "olderCheckpoints", "olderCheckpoints is not an array.");
            foreach (var (o, j) in olderArray.EnumerateArray().Select((o, j) => (o, j)))
            {
                var at = $"olderCheckpoints[{j}]";
                Expect(o.ValueKind == JsonValueKind.Object, at, "an older checkpoint is not a JSON object.");
                older.Add(new OlderCheckpoint(
                    Text(Member(o, "checkpoint", at + ".checkpoint"), at + ".checkpoint"),
                    Hashes(Member(o, "consistencyPath", at + ".consistencyPath"), at + ".consistencyPath")));
            }
        }

        return new ProofBundle(checkpoint, events, older);
    }

    private static JsonElement Member(JsonElement o, string name, string subject)
    {
        Expect(o.TryGetProperty(name, out var value), subject, $"{name} is missing.");
        return value;
    }

    private static string Text(JsonElement value, string subject)
    {
        Expect(value.ValueKind == JsonValueKind.String, subject, "not a JSON string.");
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new MalformedException(subject, "the string holds half of a surrogate pair, which is not text.");
        }
    }

    private static byte[][] Hashes(JsonElement value, string subject)
    {
        Expect(value.ValueKind == JsonValueKind.Array, subject, "a path is an array of base64 hashes.");
        return value.EnumerateArray().Select((h, k) =>
        {
            var at = $"{subject}[{k}]";
            Expect(NoteText.TryDecodeBase64(Text(h, at), out var hash) && hash.Length == MerkleHash.Size, at, "a hash is 32 bytes in standard base64.");
            return hash;
        }).ToArray();
    }

    private static void WriteHashes(Utf8JsonWriter writer, string name, IReadOnlyList<byte[]> hashes)
    {
        writer.WriteStartArray(name);
        foreach (var hash in hashes)
        {
            writer.WriteBase64StringValue(hash);
        }

        writer.WriteEndArray();
    }

    private static void Expect(bool condition, string subject, string problem)
    {
        if (!condition)
        {
            throw new MalformedException(subject, problem);
        }
    }

    private sealed class MalformedException(string subject, string message) : Exception(message)
    {
        public string Subject { get; } = subject;
    }
}

using System.Text;
using System.Text.Json;
using AccessLedger.Events;
using AccessLedger.Rules;

namespace AccessLedger.Wire;

/// <summary>A line of an NDJSON file that could not be read as an event of the contract.</summary>
/// <param name="LineNumber">1-based.</param>
/// <param name="Type">The line's <c>type</c>, when it had one of the contract.</param>
/// <param name="Code">A stable error code.</param>
/// <param name="Message">Why, in a sentence.</param>
public sealed record WireError(int LineNumber, string? Type, string Code, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"line {LineNumber}{(Type is null ? "" : $" ({Type})")}: {Message}";
}

/// <summary>
/// Reads the wire format of LEDGER.md section 3: one event a line; blank lines and <c>#</c> comments ignored. A line
/// is read strictly: UTF-8 and nothing else, each field once, exact enum names, no nulls in lists, instants to the
/// microsecond, within <see cref="InputLimits"/>, and every rule an event passes on its own (<see cref="FieldRules"/>).
/// </summary>
public static class NdjsonReader
{
    private static readonly string[] EnvelopeFields = ["type", "recordedAt", "commandId", "actor", "data"];

    /// <summary>Reads one line (no comment, not blank) into a command, or explains why it cannot.</summary>
    public static (LedgerCommand? Command, WireError? Error) ParseLine(string line, int lineNumber)
    {
        ArgumentNullException.ThrowIfNull(line);
        string? type = null;
        var bytes = TextRules.Utf8Bytes(line);
        if (bytes > InputLimits.LineBytes)
        {
            return Fail(ErrorCodes.TooLarge, LineTooLong(bytes));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            return Fail(ErrorCodes.Malformed, $"the line is not one JSON object; it goes wrong at byte {e.BytePositionInLine + 1 ?? 1}.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Fail(ErrorCodes.Malformed, $"the line is {WireShape.Describe(root.ValueKind)}, not a JSON object.");
            }

            // Name the event in every error, once its type is certain (written once, and of the contract).
            type = CertainType(root);
            if (WireShape.CheckTree(root, "") is { } treeProblem)
            {
                return Fail(treeProblem.Code, treeProblem.Message);
            }

            foreach (var property in root.EnumerateObject())
            {
                if (!EnvelopeFields.Contains(property.Name, StringComparer.Ordinal))
                {
                    return Fail(ErrorCodes.InvalidField, $"unknown field {TextRules.Quote(property.Name)}; a line has type, data and optionally recordedAt, commandId, actor.");
                }
            }

            if (!root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            {
                return Fail(ErrorCodes.InvalidField, typeElement.ValueKind == JsonValueKind.Undefined ? "the line has no 'type'." : $"type must be text, not {WireShape.Describe(typeElement.ValueKind)}.");
            }

            if (type is null || EventCatalog.TypeOf(type) is not { } clrType)
            {
                return Fail(ErrorCodes.UnknownEventType, $"{TextRules.Quote(typeElement.GetString())} is not an event type of the contract.");
            }

            if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            {
                return Fail(ErrorCodes.InvalidField, data.ValueKind == JsonValueKind.Undefined ? "the line has no 'data' object." : $"data must be an object, not {WireShape.Describe(data.ValueKind)}.");
            }

            if (WireShape.CheckShape(data, clrType, type) is { } shapeProblem)
            {
                return Fail(shapeProblem.Code, shapeProblem.Message);
            }

            try
            {
                var e = (ILedgerEvent)data.Deserialize(clrType, LedgerJson.Options)!;
                var command = new LedgerCommand(e, Text(root, "commandId"), Text(root, "actor"), StatedInstant(root, "recordedAt"));
                FieldRules.Check(e);
                return (command, null);
            }
            catch (WireException e)
            {
                return Fail(e.Code, $"{WireShape.Field(PathOf(e))} {e.Message}");
            }
            catch (JsonException e)
            {
                // The shape was checked above; what is left is a value the serializer would not take.
                return Fail(ErrorCodes.InvalidField, $"{WireShape.Field(PathOf(e))} does not have the form the contract gives it.");
            }
            catch (LedgerRuleException e)
            {
                return Fail(e.Code, e.Message);
            }
        }

        (LedgerCommand?, WireError?) Fail(string code, string message) => (null, new WireError(lineNumber, type, code, message));
    }

    /// <summary>
    /// Reads every line of a text; <see cref="WireError"/>s are returned beside the commands, not thrown. The text is
    /// decoded already: to refuse bytes that are not UTF-8, read the file with <see cref="Read(Stream)"/>.
    /// </summary>
    public static IEnumerable<(int LineNumber, LedgerCommand? Command, WireError? Error)> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (Parse(line, number) is { } parsed)
            {
                yield return parsed;
            }
        }
    }

    /// <summary>
    /// Reads every line of a stream of UTF-8 (a leading byte-order mark is skipped); <see cref="WireError"/>s are
    /// returned beside the commands, not thrown. A line with bytes that are not UTF-8 is an error of that line
    /// (<see cref="ErrorCodes.InvalidText"/>), not text with replacement characters; a line longer than
    /// <see cref="InputLimits.LineBytes"/> is refused without being held whole.
    /// </summary>
    public static IEnumerable<(int LineNumber, LedgerCommand? Command, WireError? Error)> Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        foreach (var (number, line, error) in Lines(stream))
        {
            if (error is not null)
            {
                yield return (number, null, error);
            }
            else if (Parse(line!, number) is { } parsed)
            {
                yield return parsed;
            }
        }
    }

    private static (int, LedgerCommand?, WireError?)? Parse(string line, int number)
    {
        var trimmed = line.Trim();
        if (trimmed.Length == 0 || trimmed.StartsWith('#'))
        {
            return null;
        }

        var (command, error) = ParseLine(trimmed, number);
        return (number, command, error);
    }

    /// <summary>The stream's lines, decoded strictly, or why one cannot be.</summary>
    private static IEnumerable<(int Number, string? Line, WireError? Error)> Lines(Stream stream)
    {
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        var buffer = new byte[64 * 1024];
        using var line = new MemoryStream();
        long length = 0;
        var number = 1;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            var start = 0;
            while (start < read)
            {
                var end = Array.IndexOf(buffer, (byte)'\n', start, read - start);
                var count = (end < 0 ? read : end) - start;
                length += count;

                // Past the limit the line is only counted, so a runaway line costs no memory.
                if (length <= InputLimits.LineBytes + 1)
                {
                    line.Write(buffer, start, count);
                }

                if (end < 0)
                {
                    break;
                }

                yield return Complete();
                start = end + 1;
            }
        }

        if (length > 0)
        {
            yield return Complete();
        }

        (int, string?, WireError?) Complete()
        {
            var bytes = line.GetBuffer().AsSpan(0, (int)line.Length);
            var size = length;
            line.SetLength(0);
            length = 0;
            if (bytes.EndsWith("\r"u8))
            {
                bytes = bytes[..^1];
                size--;
            }

            if (number == 1 && bytes.StartsWith(Encoding.UTF8.Preamble))
            {
                bytes = bytes[Encoding.UTF8.Preamble.Length..];
                size -= Encoding.UTF8.Preamble.Length;
            }

            var at = number++;
            if (size > InputLimits.LineBytes)
            {
                return (at, null, new WireError(at, null, ErrorCodes.TooLarge, LineTooLong(size)));
            }

            try
            {
                return (at, utf8.GetString(bytes), null);
            }
            catch (DecoderFallbackException e)
            {
                var bad = e.BytesUnknown is { Length: > 0 } unknown ? $" (0x{Convert.ToHexString(unknown)})" : "";
                return (at, null, new WireError(at, null, ErrorCodes.InvalidText, $"the line is not UTF-8: byte {e.Index + 1}{bad} is not part of a character; save the file as UTF-8."));
            }
        }
    }

    /// <summary>The line's type when it is written once and is an event type of the contract; otherwise null.</summary>
    private static string? CertainType(JsonElement root)
    {
        var types = root.EnumerateObject().Where(p => p.NameEquals("type")).Take(2).ToList();
        return types is [{ Value.ValueKind: JsonValueKind.String } only] && EventCatalog.WireNames.FirstOrDefault(only.Value.ValueEquals) is { } known ? known : null;
    }

    private static string LineTooLong(long bytes) =>
        $"the line is {bytes:N0} bytes long; a line is at most {InputLimits.LineBytes / (1024 * 1024)} MiB ({InputLimits.LineBytes:N0} bytes).";

    private static string? Text(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var element) ? null
        : element.ValueKind == JsonValueKind.String ? element.GetString()
        : throw new LedgerRuleException(ErrorCodes.InvalidField, $"{name} must be text, not {WireShape.Describe(element.ValueKind)}.");

    private static DateTimeOffset? StatedInstant(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var element))
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            throw new LedgerRuleException(ErrorCodes.InvalidField, $"{name} must be a timestamp (text like \"2026-06-12T21:21:00Z\"), not {WireShape.Describe(element.ValueKind)}.");
        }

        return LedgerJson.TryParseStatedInstant(element.GetString(), out var instant, out var problem, out var code)
            ? instant
            : throw new LedgerRuleException(code, $"{name} {problem}");
    }

    /// <summary>The field a serializer error is about, as the contract names it (<c>scope.kind</c>, <c>models[1]</c>).</summary>
    private static string PathOf(JsonException e) => e.Path is null or "$" ? "" : e.Path.StartsWith("$.", StringComparison.Ordinal) ? e.Path[2..] : e.Path.TrimStart('$');
}

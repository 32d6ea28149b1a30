using System.Text.Json;
using AccessLedger.Events;
using AccessLedger.Rules;

namespace AccessLedger.Wire;

/// <summary>A line of an NDJSON file that could not be read as an event of the contract.</summary>
/// <param name="LineNumber">1-based.</param>
/// <param name="Type">The line's <c>type</c>, when it had one.</param>
/// <param name="Code">A stable error code.</param>
/// <param name="Message">Why, in a sentence.</param>
public sealed record WireError(int LineNumber, string? Type, string Code, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"line {LineNumber}{(Type is null ? "" : $" ({Type})")}: {Message}";
}

/// <summary>Reads the wire format of LEDGER.md section 3: one event a line; blank lines and <c>#</c> comments ignored.</summary>
public static class NdjsonReader
{
    private static readonly HashSet<string> EnvelopeFields = ["type", "recordedAt", "commandId", "actor", "data"];

    /// <summary>Reads one line (no comment, not blank) into a command, or explains why it cannot.</summary>
    public static (LedgerCommand? Command, WireError? Error) ParseLine(string line, int lineNumber)
    {
        string? type = null;
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Fail("malformed", "the line is not a JSON object.");
            }

            foreach (var property in root.EnumerateObject())
            {
                if (!EnvelopeFields.Contains(property.Name))
                {
                    return Fail(ErrorCodes.InvalidField, $"unknown field '{property.Name}'; a line has type, data and optionally recordedAt, commandId, actor.");
                }
            }

            if (!root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            {
                return Fail(ErrorCodes.InvalidField, "the line has no 'type'.");
            }

            type = typeElement.GetString()!;
            var clrType = EventCatalog.TypeOf(type);
            if (clrType is null)
            {
                return Fail(ErrorCodes.UnknownEventType, $"'{type}' is not an event type of the contract.");
            }

            if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            {
                return Fail(ErrorCodes.InvalidField, "the line has no 'data' object.");
            }

            var e = (ILedgerEvent?)data.Deserialize(clrType, LedgerJson.Options)
                ?? throw new JsonException("'data' is null.");
            DateTimeOffset? recordedAt = null;
            if (root.TryGetProperty("recordedAt", out var recordedAtElement))
            {
                recordedAt = LedgerJson.TryParseInstant(recordedAtElement.ValueKind == JsonValueKind.String ? recordedAtElement.GetString() : null)
                    ?? throw new JsonException($"recordedAt '{recordedAtElement}' is not a timestamp with an offset.");
            }

            return (new LedgerCommand(e, OptionalString(root, "commandId"), OptionalString(root, "actor"), recordedAt), null);
        }
        catch (JsonException e)
        {
            return Fail(ErrorCodes.InvalidField, Describe(e));
        }

        (LedgerCommand?, WireError?) Fail(string code, string message) => (null, new WireError(lineNumber, type, code, message));
    }

    /// <summary>Reads every line of a file; <see cref="WireError"/>s are returned beside the commands, not thrown.</summary>
    public static IEnumerable<(int LineNumber, LedgerCommand? Command, WireError? Error)> Read(TextReader reader)
    {
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }

            var (command, error) = ParseLine(trimmed, number);
            yield return (number, command, error);
        }
    }

    private static string? OptionalString(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var element) ? null
        : element.ValueKind == JsonValueKind.String ? element.GetString()
        : throw new JsonException($"'{name}' must be a string.");

    private static string Describe(JsonException e)
    {
        // System.Text.Json's messages name .NET types; keep the part a compliance engineer can act on.
        var message = e.InnerException?.Message ?? e.Message;
        var path = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" (at data{e.Path.TrimStart('$')})";
        return message.Replace("Path: $", "", StringComparison.Ordinal).Trim() + path;
    }
}

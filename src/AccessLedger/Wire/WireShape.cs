using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AccessLedger.Rules;

namespace AccessLedger.Wire;

/// <summary>A problem of a line: its stable code and a sentence that names the field.</summary>
internal readonly record struct WireProblem(string Code, string Message);

/// <summary>
/// Checks a line's JSON against the shape of the contract before it is read into an event, so that every problem is
/// said in the contract's words (a field, a list, a kind) rather than the serializer's, and nothing is read loosely:
/// a field written twice, a null in a list, a missing, unknown, null or mistyped field, a beneficiary without its
/// kind. The shape comes from the serializer's own view of the event records, so it cannot drift from them.
/// </summary>
internal static class WireShape
{
    /// <summary>Problems anywhere in the tree: a field written twice in one object, a null in a list, a string that is not text.</summary>
    public static WireProblem? CheckTree(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    if (!TryGetName(property, out var name))
                    {
                        return new(ErrorCodes.InvalidText, $"{Where(path)} a field's name holds half of a surrogate pair (a \\ud800-style escape without its partner), which is not text.");
                    }

                    var field = Join(path, name);
                    if (!names.Add(name))
                    {
                        return new(ErrorCodes.DuplicateField, $"{TextRules.Quote(field)} is written twice; write each field once.");
                    }

                    // The envelope's fields and the event's data are named alike: "data.name" is "name".
                    if (CheckTree(property.Value, path.Length == 0 && name == "data" ? "" : field) is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    var entry = $"{path}[{i++}]";
                    if (item.ValueKind == JsonValueKind.Null)
                    {
                        return new(ErrorCodes.InvalidField, $"{entry} is null; a list holds no nulls.");
                    }

                    if (CheckTree(item, entry) is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            case JsonValueKind.String when !IsText(element):
                return new(ErrorCodes.InvalidText, $"{Field(path)} holds half of a surrogate pair (a \\ud800-style escape without its partner), which is not text.");
            default:
                return null;
        }
    }

    /// <summary>How <paramref name="element"/> differs from the shape of <paramref name="type"/>, or null.</summary>
    /// <param name="element">The JSON.</param>
    /// <param name="type">The record it must read into.</param>
    /// <param name="name">What the object is called in messages (the event's wire type); nested objects are called by their path.</param>
    public static WireProblem? CheckShape(JsonElement element, Type type, string name) =>
        CheckValue(element, type, path: "", nullable: false, name);

    /// <summary>How a JSON token is called in a message.</summary>
    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => "text",
        JsonValueKind.Number => "a number",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => "null",
    };

    /// <summary>Where a message about <paramref name="path"/> starts: the field, or "the line" at the top.</summary>
    public static string Field(string path) => path.Length == 0 ? "the line" : path;

    private static WireProblem? CheckValue(JsonElement element, Type type, string path, bool nullable, string name)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return nullable ? null : new(ErrorCodes.InvalidField, $"{Field(path)} is null; it needs a value.");
        }

        type = Nullable.GetUnderlyingType(type) ?? type;
        var expected = Expected(type);
        if (expected is not null)
        {
            var ok = type == typeof(bool) ? element.ValueKind is JsonValueKind.True or JsonValueKind.False : element.ValueKind == JsonValueKind.String;
            return ok ? null : new(ErrorCodes.InvalidField, $"{Field(path)} must be {expected}, not {Describe(element.ValueKind)}.");
        }

        var info = LedgerJson.Options.GetTypeInfo(type);
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Enumerable when info.ElementType is { } elementType:
                if (element.ValueKind != JsonValueKind.Array)
                {
                    return new(ErrorCodes.InvalidField, $"{Field(path)} must be a list, not {Describe(element.ValueKind)}.");
                }

                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (CheckValue(item, elementType, $"{path}[{i++}]", nullable: false, name) is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            case JsonTypeInfoKind.Object:
                return element.ValueKind == JsonValueKind.Object
                    ? CheckObject(element, info, path, name)
                    : new(ErrorCodes.InvalidField, $"{Field(path)} must be an object, not {Describe(element.ValueKind)}.");
            default:
                // No such field in the contract today; the serializer judges it.
                return null;
        }
    }

    private static WireProblem? CheckObject(JsonElement element, JsonTypeInfo info, string path, string name)
    {
        string? discriminator = null;
        if (info.PolymorphismOptions is { } polymorphism)
        {
            discriminator = polymorphism.TypeDiscriminatorPropertyName;
            var kinds = polymorphism.DerivedTypes.ToDictionary(d => (string)d.TypeDiscriminator!, d => d.DerivedType, StringComparer.Ordinal);
            var oneOf = string.Join(", ", kinds.Keys);
            var kindPath = Join(path, discriminator);
            if (!element.TryGetProperty(discriminator, out var kind))
            {
                return new(ErrorCodes.InvalidField, $"{Field(path)} has no '{discriminator}'; write \"{discriminator}\": one of {oneOf}.");
            }

            if (kind.ValueKind != JsonValueKind.String || !kinds.TryGetValue(kind.GetString()!, out var derived))
            {
                return new(ErrorCodes.InvalidField, $"{kindPath} {(kind.ValueKind == JsonValueKind.String ? TextRules.Quote(kind.GetString()) : Describe(kind.ValueKind))} is not one of {oneOf}.");
            }

            info = LedgerJson.Options.GetTypeInfo(derived);
            name = $"{Field(path)} ({kind.GetString()})";
        }
        else if (path.Length > 0)
        {
            name = path;
        }

        var fields = info.Properties.ToDictionary(p => p.Name, StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name == discriminator)
            {
                continue;
            }

            if (!fields.TryGetValue(property.Name, out var field))
            {
                return new(
                    ErrorCodes.InvalidField,
                    $"{TextRules.Quote(Join(path, property.Name))} is not a field of {name}; its fields are {string.Join(", ", fields.Keys)}.");
            }

            if (CheckValue(property.Value, field.PropertyType, Join(path, property.Name), field.IsSetNullable, name) is { } problem)
            {
                return problem;
            }
        }

        foreach (var field in info.Properties)
        {
            var required = field.IsRequired || field.AssociatedParameter is { HasDefaultValue: false };
            if (required && !element.TryGetProperty(field.Name, out _))
            {
                return new(ErrorCodes.InvalidField, $"{Join(path, field.Name)} is missing.");
            }
        }

        return null;
    }

    /// <summary>What a value of <paramref name="type"/> must be, in words, when it is a single JSON token; null for lists and objects.</summary>
    private static string? Expected(Type type) =>
        type == typeof(string) ? "text"
        : type == typeof(DateTimeOffset) ? "a timestamp (text like \"2026-06-12T21:21:00Z\")"
        : type == typeof(bool) ? "true or false"
        : type.IsEnum ? $"one of {string.Join(", ", Enum.GetNames(type).Select(n => JsonNamingPolicy.SnakeCaseLower.ConvertName(n)))} (in quotes)"
        : null;

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string Where(string path) => path.Length == 0 ? "in the line," : $"in {path},";

    private static bool TryGetName(JsonProperty property, out string name)
    {
        try
        {
            name = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = "";
            return false;
        }
    }

    /// <summary>Whether a string token decodes to text (an escaped half of a surrogate pair does not).</summary>
    private static bool IsText(JsonElement element)
    {
        try
        {
            _ = element.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}

using System.Collections.Concurrent;
using System.Collections.Frozen;
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

        var shape = Shapes.GetOrAdd(Nullable.GetUnderlyingType(type) ?? type, Shape.Of);
        var kind = element.ValueKind is JsonValueKind.True ? JsonValueKind.False : element.ValueKind;
        if (shape.Kind is { } expected && kind != expected)
        {
            return new(ErrorCodes.InvalidField, $"{Field(path)} must be {shape.Expected}, not {Describe(element.ValueKind)}.");
        }

        if (shape.Element is { } elementType)
        {
            var i = 0;
            foreach (var item in element.EnumerateArray())
            {
                if (CheckValue(item, elementType, $"{path}[{i++}]", nullable: false, name) is { } problem)
                {
                    return problem;
                }
            }

            return null;
        }

        return shape.Fields is null ? null : CheckObject(element, shape, path, name);
    }

    private static WireProblem? CheckObject(JsonElement element, Shape shape, string path, string name)
    {
        var discriminator = shape.Discriminator;
        if (discriminator is not null)
        {
            if (!element.TryGetProperty(discriminator, out var kind))
            {
                return new(ErrorCodes.InvalidField, $"{Field(path)} has no '{discriminator}'; write \"{discriminator}\": one of {shape.Expected}.");
            }

            if (kind.ValueKind != JsonValueKind.String || !shape.Kinds!.TryGetValue(kind.GetString()!, out var derived))
            {
                var value = kind.ValueKind == JsonValueKind.String ? TextRules.Quote(kind.GetString()) : Describe(kind.ValueKind);
                return new(ErrorCodes.InvalidField, $"{Join(path, discriminator)} {value} is not one of {shape.Expected}.");
            }

            shape = Shapes.GetOrAdd(derived, Shape.Of);
            name = $"{Field(path)} ({kind.GetString()})";
        }
        else if (path.Length > 0)
        {
            name = path;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (property.Name == discriminator)
            {
                continue;
            }

            if (!shape.Fields!.TryGetValue(property.Name, out var field))
            {
                return new(ErrorCodes.InvalidField, $"{TextRules.Quote(Join(path, property.Name))} is not a field of {name}; its fields are {shape.FieldNames}.");
            }

            if (CheckValue(property.Value, field.Type, Join(path, property.Name), field.Nullable, name) is { } problem)
            {
                return problem;
            }
        }

        foreach (var required in shape.Required)
        {
            if (!element.TryGetProperty(required, out _))
            {
                return new(ErrorCodes.InvalidField, $"{Join(path, required)} is missing.");
            }
        }

        return null;
    }

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
    private static readonly ConcurrentDictionary<Type, Shape> Shapes = new();

    /// <summary>What the serializer's contract says a type looks like in JSON, worked out once per type.</summary>
    private sealed class Shape
    {
        /// <summary>The JSON token a value must be (<c>False</c> standing for true or false), or null when any is judged later.</summary>
        public JsonValueKind? Kind { get; private init; }

        /// <summary>What it must be, in words; for a polymorphic object, its kinds.</summary>
        public string Expected { get; private init; } = "";

        /// <summary>A list's entries.</summary>
        public Type? Element { get; private init; }

        /// <summary>An object's fields by name: their type and whether null is allowed.</summary>
        public FrozenDictionary<string, (Type Type, bool Nullable)>? Fields { get; private init; }

        public string FieldNames { get; private init; } = "";

        public string[] Required { get; private init; } = [];

        /// <summary>The field that names a polymorphic object's kind, and the kinds.</summary>
        public string? Discriminator { get; private init; }

        public FrozenDictionary<string, Type>? Kinds { get; private init; }

        public static Shape Of(Type type)
        {
            if (type == typeof(string) || type == typeof(DateTimeOffset) || type.IsEnum)
            {
                var words = type == typeof(string) ? "text"
                    : type == typeof(DateTimeOffset) ? "a timestamp (text like \"2026-06-12T21:21:00Z\")"
                    : $"one of {string.Join(", ", Enum.GetNames(type).Select(JsonNamingPolicy.SnakeCaseLower.ConvertName))} (in quotes)";
                return new Shape { Kind = JsonValueKind.String, Expected = words };
            }

            if (type == typeof(bool))
            {
                return new Shape { Kind = JsonValueKind.False, Expected = "true or false" };
            }

            var info = LedgerJson.Options.GetTypeInfo(type);
            switch (info.Kind)
            {
                case JsonTypeInfoKind.Enumerable when info.ElementType is { } element:
                    return new Shape { Kind = JsonValueKind.Array, Expected = "a list", Element = element };
                case JsonTypeInfoKind.Object when info.PolymorphismOptions is { } polymorphism:
                    var kinds = polymorphism.DerivedTypes.ToFrozenDictionary(d => (string)d.TypeDiscriminator!, d => d.DerivedType, StringComparer.Ordinal);
                    return new Shape
                    {
                        Kind = JsonValueKind.Object,
                        Expected = string.Join(", ", polymorphism.DerivedTypes.Select(d => (string)d.TypeDiscriminator!)),
                        Fields = FrozenDictionary<string, (Type, bool)>.Empty,
                        Discriminator = polymorphism.TypeDiscriminatorPropertyName,
                        Kinds = kinds,
                    };
                case JsonTypeInfoKind.Object:
                    return new Shape
                    {
                        Kind = JsonValueKind.Object,
                        Expected = "an object",
                        Fields = info.Properties.ToFrozenDictionary(p => p.Name, p => (p.PropertyType, p.IsSetNullable), StringComparer.Ordinal),
                        FieldNames = string.Join(", ", info.Properties.Select(p => p.Name)),
                        Required = info.Properties.Where(p => p.IsRequired || p.AssociatedParameter is { HasDefaultValue: false }).Select(p => p.Name).ToArray(),
                    };
                default:
                    // No such field in the contract today; the serializer judges it.
                    return new Shape();
            }
        }
    }
}

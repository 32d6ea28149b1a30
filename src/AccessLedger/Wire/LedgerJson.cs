using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace AccessLedger.Wire;

/// <summary>
/// The JSON settings of the wire format (LEDGER.md section 3), shared by the reader, Marten's storage and the JSON
/// the tools print: camelCase fields, snake_case enum values, timestamps that must carry an offset, and no
/// unknown, missing or null-where-not-allowed field.
/// </summary>
public static partial class LedgerJson
{
    /// <summary>Strict options for reading and writing the contract's JSON.</summary>
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions());

    /// <summary>Applies the contract's settings to <paramref name="options"/> (used for Marten's serializer too).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = null;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.Converters.Add(new UtcTimestampConverter());
        return options;
    }

    /// <summary>The wire's name of an enum value, as the serializer writes it (snake_case, e.g. <c>permanent_resident</c>).</summary>
    public static string Name<TEnum>(TEnum value) where TEnum : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    /// <summary>Formats an instant the way the ledger writes it: UTC, ISO 8601, <c>Z</c>.</summary>
    public static string Format(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>Parses an ISO 8601 instant that states its offset (<c>Z</c> or <c>±hh:mm</c>); null when it is not one.</summary>
    public static DateTimeOffset? TryParseInstant(string? text)
    {
        if (text is null || !InstantPattern().IsMatch(text))
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value) ? value.ToUniversalTime() : null;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex InstantPattern();

    /// <summary>Reads instants that state their offset; writes them in UTC with <c>Z</c>.</summary>
    internal sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            return TryParseInstant(text)
                ?? throw new JsonException($"'{text}' is not a timestamp with an offset; write it like 2026-06-12T21:21:00Z.");
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Format(value));
    }
}

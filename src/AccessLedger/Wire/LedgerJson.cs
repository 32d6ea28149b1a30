using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using AccessLedger.Rules;

namespace AccessLedger.Wire;

/// <summary>
/// The JSON settings of the wire format (LEDGER.md section 3), shared by the reader, the JSON the tools print and
/// services that embed the ledger: camelCase fields, enum values by their exact snake_case names, timestamps that
/// must carry an offset and at most microseconds, and no unknown, missing, repeated or null-where-not-allowed field.
/// </summary>
public static partial class LedgerJson
{
    /// <summary>Strict options for reading and writing the contract's JSON (read-only).</summary>
    public static JsonSerializerOptions Options { get; } = ReadOnly(Configure(new JsonSerializerOptions()));

    /// <summary>The options with the escaping the ledger stores (non-ASCII text as it is), to measure an event as stored.</summary>
    internal static JsonSerializerOptions StoredForm { get; } = ReadOnly(new JsonSerializerOptions(Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>Applies the contract's settings to <paramref name="options"/> (used for a service's JSON too).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = null;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.AllowDuplicateProperties = false;

        // A JSON object has no order: a beneficiary's "kind" may come after its other fields.
        options.AllowOutOfOrderMetadataProperties = true;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.Converters.Add(new WireEnumConverter());
        options.Converters.Add(new UtcTimestampConverter(stated: true));
        return options;
    }

    /// <summary>The wire's name of an enum value, as the serializer writes it (snake_case, e.g. <c>permanent_resident</c>).</summary>
    public static string Name<TEnum>(TEnum value) where TEnum : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    /// <summary>Formats an instant the way the ledger writes it: UTC, ISO 8601, <c>Z</c>.</summary>
    public static string Format(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Parses an ISO 8601 instant that states its offset (<c>Z</c> or <c>±hh:mm</c>), to at most 7 fractional digits;
    /// null when it is not one. For instants a caller states as input, use <see cref="TryParseStatedInstant"/>.
    /// </summary>
    public static DateTimeOffset? TryParseInstant(string? text) => Parse(text, out var digits, out _) is { } value && digits <= 7 ? value : null;

    /// <summary>
    /// Parses an instant stated as input (a line's <c>recordedAt</c> or <c>validFrom</c>, a <c>--at</c>): ISO 8601
    /// with its offset, and no finer than the microsecond the ledger stores (digits beyond the sixth must be 0).
    /// </summary>
    /// <param name="text">The text, e.g. <c>2026-06-12T21:21:00Z</c>.</param>
    /// <param name="instant">The instant, in UTC.</param>
    /// <param name="problem">Why it is not one, in a sentence that quotes it (without naming the field).</param>
    /// <param name="code">The stable error code of the problem (<see cref="ErrorCodes.InvalidField"/> or <see cref="ErrorCodes.TooPrecise"/>).</param>
    public static bool TryParseStatedInstant(string? text, out DateTimeOffset instant, [NotNullWhen(false)] out string? problem, [NotNullWhen(false)] out string? code)
    {
        instant = default;
        problem = null;
        code = null;
        if (Parse(text, out _, out var finer) is not { } value)
        {
            (problem, code) = ($"{TextRules.Quote(text)} is not a timestamp with an offset; write it like 2026-06-12T21:21:00Z or 2026-06-12T17:21:00.5-04:00.", ErrorCodes.InvalidField);
        }
        else if (finer)
        {
            (problem, code) = ($"{text} is finer than a microsecond; state instants to the microsecond at most (6 fractional digits).", ErrorCodes.TooPrecise);
        }
        else
        {
            instant = value;
        }

        return problem is null;
    }

    private static JsonSerializerOptions ReadOnly(JsonSerializerOptions options)
    {
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>The instant <paramref name="text"/> names (digits past the seventh dropped), with how many fractional digits it has and whether one past the sixth is not 0.</summary>
    private static DateTimeOffset? Parse(string? text, out int fractionDigits, out bool finerThanMicrosecond)
    {
        fractionDigits = 0;
        finerThanMicrosecond = false;
        var match = text is null ? Match.Empty : InstantPattern().Match(text);
        if (!match.Success)
        {
            return null;
        }

        var fraction = match.Groups["fraction"];
        fractionDigits = fraction.Length;
        finerThanMicrosecond = fraction.Length > 6 && fraction.ValueSpan[6..].ContainsAnyExcept('0');
        var parsed = fraction.Length > 7 ? text!.Remove(fraction.Index + 7, fraction.Length - 7) : text!;
        return DateTimeOffset.TryParse(parsed, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value) ? value.ToUniversalTime() : null;
    }

    // \z, not $: $ also matches before a final line break, and "2026-06-12T21:21:00Z\n" is not a timestamp.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.(?<fraction>\d{1,9}))?)?(?:Z|[+-]\d{2}:\d{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex InstantPattern();

    /// <summary>
    /// Reads instants that state their offset; writes them in UTC with <c>Z</c>. Reading input (<c>stated</c>), it
    /// refuses instants finer than a microsecond; reading what the ledger stored, it takes what was written.
    /// </summary>
    internal sealed class UtcTimestampConverter(bool stated = false) : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            if (!stated)
            {
                return TryParseInstant(text) ?? throw new JsonException($"{TextRules.Quote(text)} is not a timestamp with an offset; write it like 2026-06-12T21:21:00Z.");
            }

            return TryParseStatedInstant(text, out var instant, out var problem, out var code) ? instant : throw new WireException(code, problem);
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Format(value));
    }
}

/// <summary>A value of the wire that is not of its form, with the stable code of the problem; the serializer adds where.</summary>
internal sealed class WireException(string code, string message) : JsonException(message)
{
    public string Code { get; } = code;
}

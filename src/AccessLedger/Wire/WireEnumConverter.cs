using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;
using AccessLedger.Rules;

namespace AccessLedger.Wire;

/// <summary>
/// Enum values by their exact wire names (<c>permanent_resident</c>): no other case, no numbers, no
/// comma-separated combinations. A value read loosely is a fact changed on the way in (<c>"protected, permanent_resident"</c>
/// read as <c>none</c> makes a US person a foreign person).
/// </summary>
internal sealed class WireEnumConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Exact<>).MakeGenericType(typeToConvert))!;

    private sealed class Exact<TEnum> : JsonConverter<TEnum> where TEnum : struct, Enum
    {
        private static readonly FrozenDictionary<string, TEnum> ByName = Enum.GetValues<TEnum>().ToFrozenDictionary(LedgerJson.Name, StringComparer.Ordinal);
        private static readonly FrozenDictionary<TEnum, string> Names = ByName.ToFrozenDictionary(x => x.Value, x => x.Key);
        private static readonly string OneOf = string.Join(", ", Enum.GetValues<TEnum>().Select(LedgerJson.Name));

        public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new WireException(ErrorCodes.InvalidField, $"must be one of {OneOf} (in quotes), not {TokenName(reader.TokenType)}.");
            }

            var name = reader.GetString()!;
            return ByName.TryGetValue(name, out var value)
                ? value
                : throw new WireException(ErrorCodes.InvalidField, $"{TextRules.Quote(name)} is not one of {OneOf} (exactly so written).");
        }

        private static string TokenName(JsonTokenType token) => token switch
        {
            JsonTokenType.Number => "a number",
            JsonTokenType.True or JsonTokenType.False => "true or false",
            JsonTokenType.StartArray => "a list",
            JsonTokenType.StartObject => "an object",
            _ => "null",
        };

        public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Names.TryGetValue(value, out var name) ? name : throw new JsonException($"{value} has no name on the wire; it is not one of {OneOf}."));
    }
}

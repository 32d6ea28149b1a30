using System.Text.Json;
using System.Text.Json.Serialization;
using AccessLedger.Decisions;
using AccessLedger.Events;
using AccessLedger.Wire;

namespace AccessLedger.Samples.Mythos2026;

/// <summary>
/// A question of an expected-answers file: may the subject (an enrolled person, or an organization's person described
/// ad hoc) do the activity (default <c>use</c>) with the model at T, as known at K (absent: now) on the knowledge basis
/// (default <c>recorded</c>)?
/// </summary>
internal sealed record Question(
    [property: JsonConverter(typeof(QuestionId))] string Q, string Model, DateTimeOffset At, DateTimeOffset? KnownAt, string Decision, IReadOnlyList<string> Reasons)
{
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    public string? Person { get; init; }

    public string? Org { get; init; }

    public IReadOnlyList<string>? Citizenships { get; init; }

    public string? UsPersonStatus { get; init; }

    public string? Location { get; init; }

    public string? Activity { get; init; }

    public string? Knowledge { get; init; }

    public static IReadOnlyList<Question> Load(string path) => JsonSerializer.Deserialize<List<Question>>(File.ReadAllText(path), WebJson)!;

    /// <summary>Who is asked about, as the tables print it.</summary>
    public string Who => Person ?? $"a person of {Org} ({string.Join(",", Citizenships ?? [])}, {UsPersonStatus}, in {Location})";

    /// <summary>The question as the library asks it.</summary>
    public DecisionQuestion Ask => new(
        Model,
        Person is { } person
            ? Subject.Person(person)
            : Subject.AdHoc(Org!, Citizenships!, Enum.Parse<UsPersonStatus>(UsPersonStatus!.Replace("_", "", StringComparison.Ordinal), ignoreCase: true), Location!),
        At)
    {
        KnownAt = KnownAt,
        Activity = Activity ?? Activities.Use,
        Knowledge = Knowledge == "notice" ? KnowledgeBasis.Notice : KnowledgeBasis.Recorded,
    };

    /// <summary>The question as options of <c>accessledger check</c>.</summary>
    public IEnumerable<string> CheckArguments =>
    [
        "--model", Model,
        .. Person is { } person ? new[] { "--person", person } : ["--org", Org!, "--citizenship", string.Join(',', Citizenships!), "--us-person", UsPersonStatus!, "--location", Location!],
        "--at", LedgerJson.Format(At),
        .. KnownAt is { } k ? new[] { "--known-at", LedgerJson.Format(k) } : [],
        .. Activity is { } activity ? new[] { "--activity", activity } : [],
        .. Knowledge is { } knowledge ? new[] { "--knowledge", knowledge } : [],
    ];
}

/// <summary>Reads a question's id as the files write it: a number in June's, a string ("a1") in the autumn's.</summary>
internal sealed class QuestionId : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number ? reader.GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture) : reader.GetString()!;

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

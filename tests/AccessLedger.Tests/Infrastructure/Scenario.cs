using System.Text.Json;
using System.Text.Json.Serialization;
using AccessLedger.Decisions;
using AccessLedger.Events;
using AccessLedger.Wire;

namespace AccessLedger.Tests.Infrastructure;

/// <summary>
/// The June 2026 episode and its autumn continuation (samples/Mythos2026, copies of shared/scenarios) and their
/// expected answers.
/// </summary>
public static class Scenario
{
    /// <summary>The June episode's events.</summary>
    public const string June = "mythos-2026.ndjson";

    /// <summary>The June episode followed by the events of LEDGER.md section 7 (version 2).</summary>
    public const string Autumn = "mythos-2026-autumn.ndjson";

    /// <summary>The path of a scenario file copied beside the tests.</summary>
    public static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "Scenario", file);

    /// <summary>An episode's events as commands (the June episode unless named).</summary>
    public static IReadOnlyList<LedgerCommand> Commands(string file = June)
    {
        using var reader = File.OpenText(PathOf(file));
        return NdjsonReader.Read(reader).Select(l => l.Command ?? throw new InvalidOperationException(l.Error!.ToString())).ToList();
    }

    /// <summary>The June questions and answers.</summary>
    public static IReadOnlyList<Question> Questions() =>
        JsonSerializer.Deserialize<List<Question>>(File.ReadAllText(PathOf("mythos-2026.expected.json")), WebJson)!;

    /// <summary>The autumn questions and answers: the 12 June questions ("1" to "12") and a1 to a29.</summary>
    public static IReadOnlyList<AutumnQuestion> AutumnQuestions() =>
        JsonSerializer.Deserialize<List<AutumnQuestion>>(File.ReadAllText(PathOf("mythos-2026-autumn.expected.json")), WebJson)!;

    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    /// <summary>One question of the June scenario.</summary>
    public sealed record Question(int Q, string Model, string Person, DateTimeOffset At, DateTimeOffset? KnownAt, string Decision, IReadOnlyList<string> Reasons);

    /// <summary>
    /// One question of the autumn scenario: an enrolled person or an ad-hoc subject (org, citizenships, status,
    /// location), with an activity and a knowledge basis when it names them.
    /// </summary>
    public sealed record AutumnQuestion(string Q, string Model, DateTimeOffset At, DateTimeOffset? KnownAt, string Decision, IReadOnlyList<string> Reasons)
    {
        public string? Person { get; init; }

        public string? Org { get; init; }

        public IReadOnlyList<string>? Citizenships { get; init; }

        public string? UsPersonStatus { get; init; }

        public string? Location { get; init; }

        public string? Activity { get; init; }

        public string? Knowledge { get; init; }

        /// <summary>The subject asked about.</summary>
        [JsonIgnore]
        public Subject Subject => Person is { } person
            ? Subject.Person(person)
            : Subject.AdHoc(Org!, Citizenships!, Enum.Parse<UsPersonStatus>(UsPersonStatus!.Replace("_", "", StringComparison.Ordinal), ignoreCase: true), Location!);

        /// <summary>The question as the library asks it.</summary>
        [JsonIgnore]
        public DecisionQuestion Ask => new(Model, Subject, At)
        {
            KnownAt = KnownAt,
            Activity = Activity ?? Activities.Use,
            Knowledge = Knowledge == "notice" ? KnowledgeBasis.Notice : KnowledgeBasis.Recorded,
        };

        /// <summary>The question as options of <c>accessledger check</c>.</summary>
        [JsonIgnore]
        public string[] CheckArguments =>
        [
            "--model", Model, "--at", LedgerJson.Format(At),
            .. Person is { } person ? new[] { "--person", person } : ["--org", Org!, "--citizenship", string.Join(',', Citizenships!), "--us-person", UsPersonStatus!, "--location", Location!],
            .. KnownAt is { } k ? new[] { "--known-at", LedgerJson.Format(k) } : [],
            .. Activity is { } activity ? new[] { "--activity", activity } : [],
            .. Knowledge is { } knowledge ? new[] { "--knowledge", knowledge } : [],
        ];
    }
}

using System.Text.Json;
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
    /// <remarks>The demo's own reading of the file (samples/Mythos2026/Question.cs, linked here): one home for what a question says.</remarks>
    internal static IReadOnlyList<Samples.Mythos2026.Question> AutumnQuestions() => Samples.Mythos2026.Question.Load(PathOf("mythos-2026-autumn.expected.json"));

    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    /// <summary>One question of the June scenario.</summary>
    public sealed record Question(int Q, string Model, string Person, DateTimeOffset At, DateTimeOffset? KnownAt, string Decision, IReadOnlyList<string> Reasons);
}

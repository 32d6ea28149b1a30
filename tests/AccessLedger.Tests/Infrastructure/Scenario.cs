using System.Text.Json;
using AccessLedger.Wire;

namespace AccessLedger.Tests.Infrastructure;

/// <summary>The June 2026 episode (samples/Mythos2026, a copy of shared/scenarios) and its expected answers.</summary>
public static class Scenario
{
    private static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "Scenario", file);

    /// <summary>The episode's events as commands.</summary>
    public static IReadOnlyList<LedgerCommand> Commands()
    {
        using var reader = File.OpenText(PathOf("mythos-2026.ndjson"));
        return NdjsonReader.Read(reader).Select(l => l.Command ?? throw new InvalidOperationException(l.Error!.ToString())).ToList();
    }

    /// <summary>The questions and answers.</summary>
    public static IReadOnlyList<Question> Questions() =>
        JsonSerializer.Deserialize<List<Question>>(File.ReadAllText(PathOf("mythos-2026.expected.json")), WebJson)!;

    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    /// <summary>One question of the scenario.</summary>
    public sealed record Question(int Q, string Model, string Person, DateTimeOffset At, DateTimeOffset? KnownAt, string Decision, IReadOnlyList<string> Reasons);
}

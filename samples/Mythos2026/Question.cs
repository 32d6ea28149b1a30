using System.Text.Json;
using AccessLedger.Wire;

namespace AccessLedger.Samples.Mythos2026;

/// <summary>A question of mythos-2026.expected.json: may the person use the model at T, as known at K (absent: now)?</summary>
internal sealed record Question(int Q, string Model, string Person, DateTimeOffset At, DateTimeOffset? KnownAt, string Decision, IReadOnlyList<string> Reasons)
{
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    public static IReadOnlyList<Question> Load(string path) => JsonSerializer.Deserialize<List<Question>>(File.ReadAllText(path), WebJson)!;

    /// <summary>The question's clocks as options of <c>accessledger check</c>.</summary>
    public IEnumerable<string> TimeArguments =>
        KnownAt is { } k ? ["--at", LedgerJson.Format(At), "--known-at", LedgerJson.Format(k)] : ["--at", LedgerJson.Format(At)];
}

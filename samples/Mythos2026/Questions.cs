using AccessLedger.Decisions;
using AccessLedger.Timelines;
using Spectre.Console;

namespace AccessLedger.Samples.Mythos2026;

/// <summary>The scenario's questions beside the ledger's answers: the decision, the failing gates and the events they cite.</summary>
internal static class Questions
{
    /// <summary>Writes the table; returns how many answers differ from the expected ones.</summary>
    public static async Task<int> WriteAsync(IAnsiConsole console, Ledger ledger, IReadOnlyList<Question> questions)
    {
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("q", c => c.RightAligned())
            .AddColumn("who, model")
            .AddColumn("at T")
            .AddColumn("as known at K")
            .AddColumn("activity")
            .AddColumn("expected")
            .AddColumn("the ledger says")
            .AddColumn("because of")
            .AddColumn("match");
        var mismatches = 0;
        foreach (var q in questions)
        {
            var decision = await ledger.DecideAsync(q.Ask);
            var answer = Answer(decision.Allowed ? "allowed" : "denied", decision.Reasons.Select(r => r.Code));
            var matches = answer == Answer(q.Decision, q.Reasons);
            mismatches += matches ? 0 : 1;
            table.AddRow(
                new Text(q.Q),
                new Text($"{q.Who}, {q.Model}"),
                new Text(Timeline.Format(q.At)),
                new Text((q.KnownAt is { } k ? Timeline.Format(k) : "now") + (q.Knowledge == "notice" ? ", on notice" : "")),
                new Text(q.Activity ?? "use"),
                new Text(Answer(q.Decision, q.Reasons)),
                new Text(answer, new Style(decision.Allowed ? Color.Green : Color.Red)),
                new Text(Cited(decision)),
                new Text(matches ? "✓" : "✗", new Style(matches ? Color.Green : Color.Red, decoration: Decoration.Bold)));
        }

        console.Write(table);
        return mismatches;
    }

    private static string Answer(string decision, IEnumerable<string> reasons) =>
        reasons.Any() ? $"{decision}: {string.Join(", ", reasons)}" : decision;

    /// <summary>For a denial the events behind each gate; for an allowance what relieved a ban, else the provisioning or registration.</summary>
    private static string Cited(Decision decision)
    {
        if (!decision.Allowed)
        {
            return string.Join("; ", decision.Reasons.Select(r => string.Join(", ", r.Events.Select(Name))));
        }

        var relief = decision.Basis.Where(e => e.Type is "exception_granted" or "safeguard_certified").ToList();
        if (relief.Count > 0)
        {
            return $"relieved by {string.Join(" + ", relief.Select(Name))}";
        }

        var provisioning = decision.Basis.Where(e => e.Type == "partner_provisioned").ToList();
        return provisioning.Count > 0 ? $"provisioned: {string.Join(", ", provisioning.Select(Name))}" : "registered, not restricted";
    }

    private static string Name(EventRef e) => $"{e.Stream} v{e.Version}";
}

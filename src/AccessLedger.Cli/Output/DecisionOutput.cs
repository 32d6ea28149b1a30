using System.Globalization;
using System.Text;
using System.Text.Json;
using AccessLedger.Decisions;
using AccessLedger.Timelines;
using AccessLedger.Wire;

namespace AccessLedger.Cli.Output;

/// <summary>A decision as <c>check</c> prints it for people; its JSON is <see cref="Decisions.DecisionJson"/>'s.</summary>
internal static class DecisionOutput
{
    /// <summary>
    /// The answer with its proof, one JSON object on one line: the proof bundle's members (docs/proofs.md), which
    /// verify-proof and eng/verify_proof.py read, and the answer in the contract's JSON as member <c>answer</c>, which
    /// they ignore.
    /// </summary>
    public static string WithProof(Decision decision, string bundle)
    {
        var proof = System.Text.Json.Nodes.JsonNode.Parse(bundle)!.AsObject();
        proof["answer"] = System.Text.Json.Nodes.JsonNode.Parse(DecisionJson.Serialize(decision));
        return proof.ToJsonString(DecisionJson.Options) + "\n";
    }

    /// <summary>
    /// The answer for a person: the verdict and the question on the first line, then each failing gate with its
    /// sentence and cited events (both clocks), or the events that allow it; last, the ledger head it was read at.
    /// </summary>
    public static string Text(Decision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var text = new StringBuilder();
        var knownAt = decision.KnownAt is { } k
            ? $"as {(decision.Knowledge == Decisions.KnowledgeBasis.Notice ? "on notice" : "known")} at {LedgerJson.Format(k)}"
            : "as known now";
        text.Append(CultureInfo.InvariantCulture, $"{(decision.Allowed ? "ALLOWED" : "DENIED")}: {decision.ModelId} for {Describe(decision.Subject)} at {LedgerJson.Format(decision.At)}, {knownAt}\n");
        foreach (var reason in decision.Reasons)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{reason.Code}: {reason.Message}\n");
            text.Append(TextTable.Format(reason.Events.Select(EventRow).ToList(), "  "));
        }

        if (decision.Allowed)
        {
            text.Append("\nallowed by:\n");
            text.Append(TextTable.Format(decision.Basis.Select(EventRow).ToList(), "  "));
        }

        if (decision.Checkpoint is { } head)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nledger head: position {head.Position}, chain hash {head.Hash}\n");
        }

        return text.ToString();
    }

    private static string Describe(Subject subject) => subject switch
    {
        AdHocSubject a => $"a person of {a.OrgId} ({string.Join(",", a.Citizenships)}, us-person {JsonSerializer.Serialize(a.UsPersonStatus, LedgerJson.Options).Trim('"')}, in {a.Location})",
        _ => subject.ToString(),
    };

    private static string[] EventRow(EventRef e) =>
        [$"{e.Stream} v{e.Version.ToString(CultureInfo.InvariantCulture)}", e.Type, $"valid from {LedgerJson.Format(e.ValidFrom)}", $"recorded {LedgerJson.Format(e.RecordedAt)}{(e.NoticeAt != e.RecordedAt ? $"  on notice {LedgerJson.Format(e.NoticeAt)}" : "")}"];
}

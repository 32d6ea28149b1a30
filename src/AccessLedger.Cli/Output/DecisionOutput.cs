using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using AccessLedger.Decisions;
using AccessLedger.Timelines;
using AccessLedger.Wire;

namespace AccessLedger.Cli.Output;

/// <summary>A decision as <c>check</c> prints it: readable text, or the JSON object of LEDGER.md section 6.</summary>
internal static class DecisionOutput
{
    private static readonly JsonSerializerOptions JsonOptions = new(LedgerJson.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The contract's JSON, on one line: <c>{"decision", "reasons": [{"code", "message", "events": [{"stream",
    /// "version", "type", "recordedAt", "validFrom"}]}], "basis": [events]}</c>, reasons in the order of the gates.
    /// </summary>
    public static string Json(Decision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return JsonSerializer.Serialize(Shape(decision), JsonOptions);
    }

    /// <summary>The object <see cref="Json"/> writes, for answers that embed decisions (the audit commands).</summary>
    internal static object Shape(Decision decision) => new DecisionJson(
        decision.Allowed ? "allowed" : "denied",
        decision.Reasons.Select(r => new ReasonJson(r.Code, r.Message, r.Events.Select(EventJson.Of).ToList())).ToList(),
        decision.Basis.Select(EventJson.Of).ToList());

    /// <summary>An event reference as the contract's JSON names it: stream, version, type, recordedAt, validFrom.</summary>
    internal static object Shape(EventRef e) => EventJson.Of(e);

    /// <summary>The JSON settings of the tool's answers.</summary>
    internal static JsonSerializerOptions Options => JsonOptions;

    /// <summary>
    /// The answer for a person: the verdict and the question on the first line, then each failing gate with its
    /// sentence and cited events (both clocks), or the events that allow it; last, the ledger head it was read at.
    /// </summary>
    public static string Text(Decision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var text = new StringBuilder();
        var knownAt = decision.KnownAt is { } k ? $"as known at {LedgerJson.Format(k)}" : "as known now";
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
        [$"{e.Stream} v{e.Version.ToString(CultureInfo.InvariantCulture)}", e.Type, $"valid from {LedgerJson.Format(e.ValidFrom)}", $"recorded {LedgerJson.Format(e.RecordedAt)}"];

    private sealed record DecisionJson(string Decision, IReadOnlyList<ReasonJson> Reasons, IReadOnlyList<EventJson> Basis);

    private sealed record ReasonJson(string Code, string Message, IReadOnlyList<EventJson> Events);

    private sealed record EventJson(string Stream, long Version, string Type, DateTimeOffset RecordedAt, DateTimeOffset ValidFrom)
    {
        public static EventJson Of(EventRef e) => new(e.Stream, e.Version, e.Type, e.RecordedAt, e.ValidFrom);
    }
}

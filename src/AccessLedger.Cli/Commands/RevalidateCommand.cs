using System.CommandLine;
using System.Text.Json.Nodes;
using AccessLedger.Cli.Output;
using AccessLedger.Decisions;
using AccessLedger.Wire;

namespace AccessLedger.Cli.Commands;

/// <summary>
/// <c>accessledger revalidate --since D</c>: re-decides the decisions the log recorded since D under today's knowledge
/// and lists those that would now be answered differently: as text, or as one JSON object whose <c>changed</c> array
/// holds each one's question, answer then and answer now with their reason codes.
/// </summary>
internal static class RevalidateCommand
{
    public static Command Create(CliContext context)
    {
        var since = InstantOption.Create("--since", "Re-decide the decisions recorded at or after this instant.", required: true);
        var command = new Command(
            "revalidate",
            "Re-decides every decision the decision log recorded since D (decisions are recorded when the ledger's RecordDecisions is on, or with " +
            $"{CliContext.RecordDecisionsVariable}=true for the command line) with the same model, person and valid time, as known now, and lists those answered differently now: " +
            "what was decided then, and why it would be decided otherwise today. Prints nothing else when none changed.")
        {
            since,
        };
        var formats = Formats.AddTo(
            command,
            "{since, checkpoint, changed[{position, recordedAt, question{model, subject, activity, at, knownAt}, then{decision, codes, answer}, now{decision, codes, answer}}]}, " +
            "then.answer the decision JSON recorded, now.answer today's with its checkpoint");
        command.WithExamples(
            "ACCESSLEDGER_RECORD_DECISIONS=true accessledger check --model mythos-5 --person lena --at 2026-06-12T22:00:00Z",
            "accessledger revalidate --since 2026-06-01T00:00:00Z",
            "accessledger revalidate --since 2026-06-01T00:00:00Z --json   # one JSON object, its changed array for scripts");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var ledger = await context.OpenLedgerAsync(parse, cancellationToken).ConfigureAwait(false);
            await using (ledger.ConfigureAwait(false))
            {
                var from = parse.GetValue(since)!.Value;
                var head = await ledger.GetHeadAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                var changed = await ledger.RevalidateAsync(from, cancellationToken).ConfigureAwait(false);
                if (formats.Of(parse) == OutputFormat.Json)
                {
                    await context.Out.WriteAsync(Formats.Json(new { since = LedgerJson.Format(from), checkpoint = head, changed = changed.Select(Json).ToList() })).ConfigureAwait(false);
                    return ExitCodes.Ok;
                }

                foreach (var c in changed)
                {
                    await context.Out.WriteLineAsync($"decision {c.LogPosition}, recorded {Wire.LedgerJson.Format(c.RecordedAt)}: then {c.RecordedAnswer}").ConfigureAwait(false);
                    await context.Out.WriteAsync("  now " + DecisionOutput.Text(c.Now).Replace("\n", "\n  ", StringComparison.Ordinal).TrimEnd() + "\n").ConfigureAwait(false);
                }

                await context.Out.WriteLineAsync($"{changed.Count} recorded decisions would be answered differently now.").ConfigureAwait(false);
                return ExitCodes.Ok;
            }
        });
        return command;
    }

    /// <summary>A decision answered differently now, as an element of <c>changed</c> (docs/cli.md).</summary>
    private static JsonObject Json(RevalidatedDecision c)
    {
        var then = JsonNode.Parse(c.RecordedAnswer)!;
        var now = JsonNode.Parse(DecisionJson.Serialize(c.Now))!;
        var question = new JsonObject
        {
            ["model"] = c.Now.ModelId,
            ["subject"] = c.Now.Subject switch
            {
                AdHocSubject a => new JsonObject
                {
                    ["orgId"] = a.OrgId,
                    ["citizenships"] = new JsonArray([.. a.Citizenships.Select(x => (JsonNode)x)]),
                    ["usPersonStatus"] = LedgerJson.Name(a.UsPersonStatus),
                    ["location"] = a.Location,
                },
                var p => new JsonObject { ["personId"] = ((EnrolledPerson)p).PersonId },
            },
            ["activity"] = c.Now.Activity,
            ["at"] = LedgerJson.Format(c.Now.At),
        };
        if (c.KnownAt is { } knownAt)
        {
            question["knownAt"] = LedgerJson.Format(knownAt);
        }

        return new JsonObject
        {
            ["position"] = c.LogPosition,
            ["recordedAt"] = LedgerJson.Format(c.RecordedAt),
            ["question"] = question,
            ["then"] = Answer(then),
            ["now"] = Answer(now),
        };
    }

    private static JsonObject Answer(JsonNode answer) => new()
    {
        ["decision"] = answer["decision"]!.GetValue<string>(),
        ["codes"] = new JsonArray([.. answer["reasons"]!.AsArray().Select(r => (JsonNode)r!["code"]!.GetValue<string>())]),
        ["answer"] = answer,
    };
}

using System.CommandLine;
using AccessLedger.Cli.Output;

namespace AccessLedger.Cli.Commands;

/// <summary>
/// <c>accessledger revalidate --since D</c>: re-decides the decisions the log recorded since D under today's knowledge
/// and lists those that would now be answered differently.
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
        command.WithExamples(
            "ACCESSLEDGER_RECORD_DECISIONS=true accessledger check --model mythos-5 --person lena --at 2026-06-12T22:00:00Z",
            "accessledger revalidate --since 2026-06-01T00:00:00Z");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var ledger = await context.OpenLedgerAsync(parse, cancellationToken).ConfigureAwait(false);
            await using (ledger.ConfigureAwait(false))
            {
                var changed = await ledger.RevalidateAsync(parse.GetValue(since)!.Value, cancellationToken).ConfigureAwait(false);
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
}

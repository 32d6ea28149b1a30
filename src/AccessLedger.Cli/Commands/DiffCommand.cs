using System.CommandLine;
using AccessLedger.Cli.Output;

namespace AccessLedger.Cli.Commands;

/// <summary><c>accessledger diff</c>: where, for valid times in [T1, T2), the answers as known at K1 and at K2 differ.</summary>
internal static class DiffCommand
{
    public static Command Create(CliContext context)
    {
        var model = AuditOptions.Model();
        var from = AuditOptions.From();
        var to = AuditOptions.To();
        var knownAt1 = InstantOption.Create("--known-at-1", "K1, what the ledger believed. Default: as known at each moment T itself (what it believed at the time).");
        var knownAt2 = InstantOption.Create("--known-at-2", "K2, what it knew later. Default: as known now.");
        var command = new Command(
            "diff",
            "Belief versus truth: for valid times in [T1, T2), the stretches where the answers as known at K1 and as known at K2 differ, " +
            "per person and organization class, with the late-recorded events responsible. An exposure is believed allowed, truly denied.")
        {
            model, from, to, knownAt1, knownAt2,
        };
        var formats = Formats.AddTo(command, "{model, from, to, knownAt1, knownAt2, checkpoint, gaps[{subject, from, to, outcomeDiffers, exposure, knownAt1, knownAt2, responsible[...]}]}");
        command.WithExamples(
            "accessledger diff --model mythos-5 --from 2026-06-12T00:00:00Z --to 2026-06-14T00:00:00Z --known-at-1 2026-06-12T23:00:00Z",
            "accessledger diff --model mythos-5 --from 2026-06-09T00:00:00Z --to 2026-07-10T00:00:00Z --json   # as believed at each moment, versus now");
        AuditOptions.RequireRange(command, from, to);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var ledger = await context.OpenLedgerAsync(parse, cancellationToken).ConfigureAwait(false);
            await using (ledger.ConfigureAwait(false))
            {
                var answer = await ledger.BeliefVersusTruthAsync(
                    parse.GetRequiredValue(model), parse.GetValue(from)!.Value, parse.GetValue(to)!.Value, parse.GetValue(knownAt1), parse.GetValue(knownAt2), cancellationToken).ConfigureAwait(false);
                await context.Out.WriteAsync(formats.Of(parse) == OutputFormat.Json ? AuditOutput.Json(answer) : AuditOutput.Text(answer)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
        });
        return command;
    }
}

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
        var json = AuditOptions.Json("{model, from, to, knownAt1, knownAt2, checkpoint, gaps[{subject, from, to, outcomeDiffers, exposure, knownAt1, knownAt2, responsible[...]}]}");
        var command = new Command(
            "diff",
            "Belief versus truth: for valid times in [T1, T2), the stretches where the answers as known at K1 and as known at K2 differ, " +
            "per person and organization class, with the late-recorded events responsible. An exposure is believed allowed, truly denied.")
        {
            model, from, to, knownAt1, knownAt2, json,
        };
        AuditOptions.RequireRange(command, from, to);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var ledger = await context.OpenLedgerAsync(parse, create: false, cancellationToken).ConfigureAwait(false);
            var answer = await ledger.BeliefVersusTruthAsync(
                parse.GetRequiredValue(model), parse.GetValue(from)!.Value, parse.GetValue(to)!.Value, parse.GetValue(knownAt1), parse.GetValue(knownAt2), cancellationToken).ConfigureAwait(false);
            await context.Out.WriteAsync(parse.GetValue(json) ? AuditOutput.Json(answer) + Environment.NewLine : AuditOutput.Text(answer)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}

using System.CommandLine;
using AccessLedger.Audit;
using AccessLedger.Cli.Output;

namespace AccessLedger.Cli.Commands;

/// <summary><c>accessledger diff</c>: where, for valid times in [T1, T2), the answers as known at K1 and at K2 differ, each K on its own basis.</summary>
internal static class DiffCommand
{
    public static Command Create(CliContext context)
    {
        var model = AuditOptions.Model();
        var from = AuditOptions.From();
        var to = AuditOptions.To();
        var knownAt1 = InstantOption.Create("--known-at-1", "K1, what the ledger believed. Default: as known at each moment T itself (what it believed at the time).");
        var knowledge1 = AuditOptions.Knowledge("--knowledge-1", "--known-at-1");
        var knownAt2 = InstantOption.Create("--known-at-2", "K2, what it knew later. Default: as known now.");
        var knowledge2 = AuditOptions.Knowledge("--knowledge-2", "--known-at-2");
        var activity = AuditOptions.Activity();
        var command = new Command(
            "diff",
            "Belief versus truth: for valid times in [T1, T2), the stretches where the answers as known at K1 and as known at K2 differ, " +
            "per person and organization class, with the late-recorded events responsible. An exposure is believed allowed, truly denied. " +
            "The same K recorded (--knowledge-1 recorded) against on notice (--knowledge-2 notice) shows the exposure caused by the company's own recording delay.")
        {
            model, from, to, knownAt1, knowledge1, knownAt2, knowledge2, activity,
        };
        var formats = Formats.AddTo(command, "{model, from, to, knownAt1, knownAt2, activity, knowledge1, knowledge2, checkpoint, gaps[{subject, from, to, outcomeDiffers, exposure, knownAt1, knownAt2, responsible[...]}]}");
        command.WithExamples(
            "accessledger diff --model mythos-5 --from 2026-06-12T00:00:00Z --to 2026-06-14T00:00:00Z --known-at-1 2026-06-12T23:00:00Z",
            "accessledger diff --model mythos-5 --from 2026-06-09T00:00:00Z --to 2026-07-10T00:00:00Z --json   # as believed at each moment, versus now",
            "accessledger diff --model mythos-5-1 --from 2026-08-01T00:00:00Z --to 2026-08-15T00:00:00Z --known-at-1 2026-08-05T00:00:00Z --knowledge-1 recorded --known-at-2 2026-08-05T00:00:00Z --knowledge-2 notice   # the company's own delay",
            "accessledger diff --model mythos-5-1 --from 2026-08-01T00:00:00Z --to 2026-10-01T00:00:00Z --activity weights_transfer");
        AuditOptions.RequireRange(command, from, to);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var question = new BeliefVersusTruthQuestion(parse.GetRequiredValue(model), parse.GetValue(from)!.Value, parse.GetValue(to)!.Value)
            {
                BeliefKnownAt = parse.GetValue(knownAt1),
                BeliefKnowledge = AuditOptions.Basis(parse.GetValue(knowledge1)),
                TruthKnownAt = parse.GetValue(knownAt2),
                TruthKnowledge = AuditOptions.Basis(parse.GetValue(knowledge2)),
                Activity = parse.GetRequiredValue(activity),
            };
            var ledger = await context.OpenLedgerAsync(parse, cancellationToken).ConfigureAwait(false);
            await using (ledger.ConfigureAwait(false))
            {
                var answer = await ledger.BeliefVersusTruthAsync(question, cancellationToken).ConfigureAwait(false);
                await context.Out.WriteAsync(formats.Of(parse) == OutputFormat.Json ? AuditOutput.Json(answer) : AuditOutput.Text(answer)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
        });
        return command;
    }
}

using System.CommandLine;
using AccessLedger.Audit;
using AccessLedger.Cli.Output;

namespace AccessLedger.Cli.Commands;

/// <summary><c>accessledger changes</c>: what changed for a model between T1 and T2 as known at K.</summary>
internal static class ChangesCommand
{
    public static Command Create(CliContext context)
    {
        var model = AuditOptions.Model();
        var from = AuditOptions.From();
        var to = AuditOptions.To();
        var asked = new AskedOptions();
        var command = new Command(
            "changes",
            "What changed for a model (for an activity, default use) in (T1, T2] as known at K: every instant at which someone's answer changed, who changed which way, and the events that caused it.")
        {
            model, from, to, asked.KnownAt, asked.Activity, asked.Knowledge,
        };
        var formats = Formats.AddTo(command, "{model, from, to, knownAt, activity, knowledge, checkpoint, atStart[...], changes[{at, subject, flipped, before, after, causes[{event, validTo, summary, source}]}]}");
        command.WithExamples(
            "accessledger changes --model mythos-5 --from 2026-06-09T00:00:00Z --to 2026-07-10T00:00:00Z",
            "accessledger changes --model fable-5 --from 2026-06-09T00:00:00Z --to 2026-07-10T00:00:00Z --known-at 2026-06-13T00:00:00Z --json",
            "accessledger changes --model mythos-5-1 --from 2026-08-01T00:00:00Z --to 2026-10-01T00:00:00Z --activity weights_transfer");
        AuditOptions.RequireRange(command, from, to);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var ledger = await context.OpenLedgerAsync(parse, cancellationToken).ConfigureAwait(false);
            await using (ledger.ConfigureAwait(false))
            {
                var question = asked.Of(parse, new WhatChangedQuestion(parse.GetRequiredValue(model), parse.GetValue(from)!.Value, parse.GetValue(to)!.Value));
                var answer = await ledger.WhatChangedAsync(question, cancellationToken).ConfigureAwait(false);
                await context.Out.WriteAsync(formats.Of(parse) == OutputFormat.Json ? AuditOutput.Json(answer) : AuditOutput.Text(answer)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
        });
        return command;
    }
}

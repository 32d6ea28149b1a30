using System.CommandLine;
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
        var knownAt = AuditOptions.KnownAt();
        var command = new Command(
            "changes",
            "What changed for a model in (T1, T2] as known at K: every instant at which someone's answer changed, who changed which way, and the events that caused it.")
        {
            model, from, to, knownAt,
        };
        var formats = Formats.AddTo(command, "{model, from, to, knownAt, checkpoint, atStart[...], changes[{at, subject, flipped, before, after, causes[{event, validTo, summary}]}]}");
        command.WithExamples(
            "accessledger changes --model mythos-5 --from 2026-06-09T00:00:00Z --to 2026-07-10T00:00:00Z",
            "accessledger changes --model fable-5 --from 2026-06-09T00:00:00Z --to 2026-07-10T00:00:00Z --known-at 2026-06-13T00:00:00Z --json");
        AuditOptions.RequireRange(command, from, to);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var ledger = await context.OpenLedgerAsync(parse, cancellationToken).ConfigureAwait(false);
            await using (ledger.ConfigureAwait(false))
            {
                var answer = await ledger.WhatChangedAsync(parse.GetRequiredValue(model), parse.GetValue(from)!.Value, parse.GetValue(to)!.Value, parse.GetValue(knownAt), cancellationToken).ConfigureAwait(false);
                await context.Out.WriteAsync(formats.Of(parse) == OutputFormat.Json ? AuditOutput.Json(answer) : AuditOutput.Text(answer)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
        });
        return command;
    }
}

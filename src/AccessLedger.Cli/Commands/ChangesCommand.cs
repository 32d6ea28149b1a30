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
        var json = AuditOptions.Json("{model, from, to, knownAt, checkpoint, atStart[...], changes[{at, subject, flipped, before, after, causes[{event, validTo, summary}]}]}");
        var command = new Command(
            "changes",
            "What changed for a model in (T1, T2] as known at K: every instant at which someone's answer changed, who changed which way, and the events that caused it.")
        {
            model, from, to, knownAt, json,
        };
        AuditOptions.RequireRange(command, from, to);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var ledger = await context.OpenLedgerAsync(parse, create: false, cancellationToken).ConfigureAwait(false);
            var answer = await ledger.WhatChangedAsync(parse.GetRequiredValue(model), parse.GetValue(from)!.Value, parse.GetValue(to)!.Value, parse.GetValue(knownAt), cancellationToken).ConfigureAwait(false);
            await context.Out.WriteAsync(parse.GetValue(json) ? AuditOutput.Json(answer) + Environment.NewLine : AuditOutput.Text(answer)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}

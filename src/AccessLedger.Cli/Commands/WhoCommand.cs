using System.CommandLine;
using AccessLedger.Cli.Output;

namespace AccessLedger.Cli.Commands;

/// <summary><c>accessledger who</c>: every person and organization class, and whether they could use a model at T as known at K.</summary>
internal static class WhoCommand
{
    public static Command Create(CliContext context)
    {
        var model = AuditOptions.Model();
        var at = InstantOption.Create("--at", "Valid time T: the instant asked about, with an offset (2026-06-30T00:00:00Z).", required: true);
        var knownAt = AuditOptions.KnownAt();
        var json = AuditOptions.Json("{model, at, knownAt, checkpoint, subjects[{subject{kind, id, orgId}, decision{decision, reasons, basis}}]}");
        var command = new Command(
            "who",
            "Who could access a model at valid time T as known at K: every enrolled person, and each organization's US-person and foreign-person staff as a class, with the decision and reasons.")
        {
            model, at, knownAt, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var ledger = await context.OpenLedgerAsync(parse, create: false, cancellationToken).ConfigureAwait(false);
            var answer = await ledger.WhoCouldAccessAsync(parse.GetRequiredValue(model), parse.GetValue(at)!.Value, parse.GetValue(knownAt), cancellationToken).ConfigureAwait(false);
            await context.Out.WriteAsync(parse.GetValue(json) ? AuditOutput.Json(answer) + Environment.NewLine : AuditOutput.Text(answer)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}

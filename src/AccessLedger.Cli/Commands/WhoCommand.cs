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
        var command = new Command(
            "who",
            "Who could access a model at valid time T as known at K: every enrolled person, and each organization's US-person and foreign-person staff as a class, with the decision and reasons.")
        {
            model, at, knownAt,
        };
        var formats = Formats.AddTo(command, "{model, at, knownAt, checkpoint, subjects[{subject{kind, id, orgId}, decision{decision, reasons, basis}}]}");
        command.WithExamples(
            "accessledger who --model mythos-5 --at 2026-06-30T00:00:00Z",
            "accessledger who --model mythos-5 --at 2026-06-12T22:00:00Z --known-at 2026-06-12T23:00:00Z --json");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var ledger = await context.OpenLedgerAsync(parse, cancellationToken).ConfigureAwait(false);
            await using (ledger.ConfigureAwait(false))
            {
                var answer = await ledger.WhoCouldAccessAsync(parse.GetRequiredValue(model), parse.GetValue(at)!.Value, parse.GetValue(knownAt), cancellationToken).ConfigureAwait(false);
                await context.Out.WriteAsync(formats.Of(parse) == OutputFormat.Json ? AuditOutput.Json(answer) : AuditOutput.Text(answer)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
        });
        return command;
    }
}

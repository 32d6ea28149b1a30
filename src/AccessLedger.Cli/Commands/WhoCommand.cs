using System.CommandLine;
using AccessLedger.Audit;
using AccessLedger.Cli.Output;

namespace AccessLedger.Cli.Commands;

/// <summary><c>accessledger who</c>: every person and organization class, and whether they could use a model at T as known at K.</summary>
internal static class WhoCommand
{
    public static Command Create(CliContext context)
    {
        var model = AuditOptions.Model();
        var at = InstantOption.Create("--at", "Valid time T: the instant asked about, with an offset (2026-06-30T00:00:00Z).", required: true);
        var asked = new AskedOptions();
        var command = new Command(
            "who",
            "Who could access a model (for an activity, default use) at valid time T as known at K: every enrolled person, and each organization's US-person and foreign-person staff as a class, with the decision and reasons.")
        {
            model, at, asked.KnownAt, asked.Activity, asked.Knowledge,
        };
        var formats = Formats.AddTo(command, "{model, at, knownAt, activity, knowledge, checkpoint, subjects[{subject{kind, id, orgId}, decision{decision, activity, knowledge, reasons, basis}}]}");
        command.WithExamples(
            "accessledger who --model mythos-5 --at 2026-06-30T00:00:00Z",
            "accessledger who --model mythos-5 --at 2026-06-12T22:00:00Z --known-at 2026-06-12T23:00:00Z --json",
            "accessledger who --model mythos-5-1 --at 2026-08-05T00:00:00Z --known-at 2026-08-05T00:00:00Z --knowledge notice   # what the public record said",
            "accessledger who --model mythos-5-1 --at 2026-08-20T00:00:00Z --activity weights_transfer");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var ledger = await context.OpenLedgerAsync(parse, cancellationToken).ConfigureAwait(false);
            await using (ledger.ConfigureAwait(false))
            {
                var question = asked.Of(parse, new WhoCouldAccessQuestion(parse.GetRequiredValue(model), parse.GetValue(at)!.Value));
                var answer = await ledger.WhoCouldAccessAsync(question, cancellationToken).ConfigureAwait(false);
                await context.Out.WriteAsync(formats.Of(parse) == OutputFormat.Json ? AuditOutput.Json(answer) : AuditOutput.Text(answer)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
        });
        return command;
    }
}

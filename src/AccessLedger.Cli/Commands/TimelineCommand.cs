using System.CommandLine;
using AccessLedger.Audit;
using AccessLedger.Cli.Output;

namespace AccessLedger.Cli.Commands;

/// <summary><c>accessledger timeline</c>: the events of a model, organization or person on both clocks, and the access that resulted.</summary>
internal static class TimelineCommand
{
    public static Command Create(CliContext context)
    {
        var model = AuditOptions.Model(required: false);
        var org = new Option<string>("--org") { Description = "An organization's id.", HelpName = "O" };
        var person = new Option<string>("--person") { Description = "A person's id.", HelpName = "P" };
        var knownAt = AuditOptions.KnownAt();
        var command = new Command(
            "timeline",
            "The events that touch a model, organization or person (exactly one of --model, --org, --person), with valid and recorded time, and the resulting intervals of access.")
        {
            model, org, person, knownAt,
        };
        var formats = Formats.AddTo(command, "{kind, id, knownAt, checkpoint, events[{event, validTo, summary}], access[{model, subject, from, to, decision}]}");
        command.WithExamples(
            "accessledger timeline --person kenji",
            "accessledger timeline --org gridco --known-at 2026-06-13T00:00:00Z",
            "accessledger timeline --model mythos-5 --json");
        Option<string>[] which = [model, org, person];
        command.Validators.Add(result =>
        {
            if (which.Count(o => result.GetResult(o) is not null) != 1)
            {
                result.AddError("name exactly one of --model M, --org O or --person P.");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (kind, id) = parse.GetValue(model) is { } m ? (AuditEntityKind.Model, m)
                : parse.GetValue(org) is { } o ? (AuditEntityKind.Organization, o)
                : (AuditEntityKind.Person, parse.GetRequiredValue(person));
            var ledger = await context.OpenLedgerAsync(parse, cancellationToken).ConfigureAwait(false);
            await using (ledger.ConfigureAwait(false))
            {
                var timeline = await ledger.TimelineAsync(kind, id, parse.GetValue(knownAt), cancellationToken).ConfigureAwait(false);
                await context.Out.WriteAsync(formats.Of(parse) == OutputFormat.Json ? AuditOutput.Json(timeline) : AuditOutput.Text(timeline)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
        });
        return command;
    }
}

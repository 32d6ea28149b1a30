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
        var asked = new AskedOptions();
        var command = new Command(
            "timeline",
            "The events that touch a model, organization or person (exactly one of --model, --org, --person), with valid and recorded time, and the resulting intervals of access (for an activity, default use).")
        {
            model, org, person, asked.KnownAt, asked.Activity, asked.Knowledge,
        };
        var formats = Formats.AddTo(command, "{kind, id, knownAt, activity, knowledge, checkpoint, events[{event, validTo, summary, source}], access[{model, subject, from, to, decision}]}");
        command.WithExamples(
            "accessledger timeline --person kenji",
            "accessledger timeline --org gridco --known-at 2026-06-13T00:00:00Z",
            "accessledger timeline --model mythos-5 --json",
            "accessledger timeline --person lena --activity weights_transfer",
            "accessledger timeline --model mythos-5-1 --known-at 2026-08-05T00:00:00Z --knowledge notice");
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
                var timeline = await ledger.TimelineAsync(asked.Of(parse, new TimelineQuestion(kind, id)), cancellationToken).ConfigureAwait(false);
                await context.Out.WriteAsync(formats.Of(parse) == OutputFormat.Json ? AuditOutput.Json(timeline) : AuditOutput.Text(timeline)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
        });
        return command;
    }
}

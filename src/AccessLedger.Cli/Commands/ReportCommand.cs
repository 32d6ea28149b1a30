using System.CommandLine;
using AccessLedger.Audit;

namespace AccessLedger.Cli.Commands;

/// <summary><c>accessledger report</c>: writes the self-contained HTML audit report of a model over [T1, T2).</summary>
internal static class ReportCommand
{
    public static Command Create(CliContext context)
    {
        var model = AuditOptions.Model();
        var from = AuditOptions.From();
        var to = AuditOptions.To();
        var knownAt = AuditOptions.KnownAt();
        var activity = AuditOptions.Activity();
        var knowledge = AuditOptions.Knowledge();
        var output = new Option<string>("--output", "-o") { Description = "The HTML file to write; - writes the HTML to standard output.", HelpName = "FILE", Required = true };
        var orgs = new Option<string[]>("--org")
        {
            Description = "Only this organization (its two classes of staff and its people); repeat for several.",
            HelpName = "O",
            Arity = ArgumentArity.OneOrMore,
        };
        var persons = new Option<string[]>("--person")
        {
            Description = "Only this person; repeat for several. With --org, the report covers both.",
            HelpName = "P",
            Arity = ArgumentArity.OneOrMore,
        };
        var changedOnly = new Option<bool>("--changed-only")
        {
            Description = "Only the subjects whose answer changed in the range, or differed at the time from the answer known now.",
        };
        var pageSize = new Option<int>("--page-size")
        {
            Description = "How many subjects the chart and the per-subject tables show.",
            HelpName = "N",
            DefaultValueFactory = _ => AuditReportOptions.DefaultPageSize,
        };
        var page = new Option<int>("--page")
        {
            Description = "Which page of subjects to show, from 1, in row order (organization, its classes, its people).",
            HelpName = "N",
            DefaultValueFactory = _ => 1,
        };
        var command = new Command(
            "report",
            "Writes one self-contained HTML file (no network needed to open it; prints on A4): who could access a model over [T1, T2) " +
            "per organization and per subject, each subject's access intervals, a chart, exposures from late-recorded facts apart " +
            "from registration lags, what changed, and the events on both clocks with each instrument's citation and publication date. Large ledgers: the per-subject parts show one " +
            "page of subjects; narrow with --org, --person or --changed-only.")
        {
            model, from, to, knownAt, activity, knowledge, orgs, persons, changedOnly, pageSize, page, output,
        };
        command.WithExamples(
            "accessledger report --model mythos-5 --from 2026-06-09T00:00:00Z --to 2026-07-10T00:00:00Z -o report.html",
            "accessledger report --model mythos-5-1 --from 2026-08-01T00:00:00Z --to 2026-08-15T00:00:00Z --known-at 2026-08-05T00:00:00Z --knowledge notice -o notice.html",
            "accessledger report --model mythos-5-1 --from 2026-08-01T00:00:00Z --to 2026-10-01T00:00:00Z --activity weights_transfer --org gridco -o -");
        AuditOptions.RequireRange(command, from, to);
        foreach (var option in new[] { pageSize, page })
        {
            option.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<int>() < 1)
                {
                    result.AddError($"{option.Name} must be 1 or more.");
                }
            });
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var target = parse.GetRequiredValue(output);
            var options = new AuditReportOptions
            {
                KnownAt = parse.GetValue(knownAt),
                Activity = parse.GetRequiredValue(activity),
                Knowledge = AuditOptions.Basis(parse.GetValue(knowledge)),
                Organizations = parse.GetValue(orgs) ?? [],
                Persons = parse.GetValue(persons) ?? [],
                ChangedOnly = parse.GetValue(changedOnly),
                PageSize = parse.GetValue(pageSize),
                Page = parse.GetValue(page),
            };
            var (modelId, start, end) = (parse.GetRequiredValue(model), parse.GetValue(from)!.Value, parse.GetValue(to)!.Value);
            var ledger = await context.OpenLedgerAsync(parse, cancellationToken).ConfigureAwait(false);
            await using (ledger.ConfigureAwait(false))
            {
                if (target == "-")
                {
                    await ledger.WriteReportAsync(modelId, start, end, context.Out, options, cancellationToken).ConfigureAwait(false);
                    return ExitCodes.Ok;
                }

                var file = Path.GetFullPath(target);
                await ledger.WriteReportAsync(modelId, start, end, file, options, cancellationToken).ConfigureAwait(false);
                await context.Out.WriteLineAsync($"wrote {file}").ConfigureAwait(false);
                return ExitCodes.Ok;
            }
        });
        return command;
    }
}

using System.CommandLine;

namespace AccessLedger.Cli.Commands;

/// <summary><c>accessledger report</c>: writes the self-contained HTML audit report of a model over [T1, T2).</summary>
internal static class ReportCommand
{
    public static Command Create(CliContext context)
    {
        var model = AuditOptions.Model();
        var from = AuditOptions.From();
        var to = AuditOptions.To();
        var output = new Option<FileInfo>("--output", "-o") { Description = "The HTML file to write.", HelpName = "FILE", Required = true };
        var command = new Command(
            "report",
            "Writes one self-contained HTML file (no network needed to open it): access per organization and person over [T1, T2), " +
            "as known now and as believed at the time, the events on both clocks, late-recorded facts and their exposure windows.")
        {
            model, from, to, output,
        };
        AuditOptions.RequireRange(command, from, to);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetRequiredValue(output);
            await using var ledger = await context.OpenLedgerAsync(parse, cancellationToken).ConfigureAwait(false);
            await ledger.WriteReportAsync(parse.GetRequiredValue(model), parse.GetValue(from)!.Value, parse.GetValue(to)!.Value, file.FullName, cancellationToken).ConfigureAwait(false);
            await context.Out.WriteLineAsync($"wrote {file.FullName}").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}

using System.CommandLine;
using System.Globalization;
using AccessLedger.Cli.Output;
using AccessLedger.Rules;
using AccessLedger.Wire;

namespace AccessLedger.Cli.Commands;

/// <summary><c>accessledger import FILE</c>: the whole file (or standard input) in one transaction, or nothing of it.</summary>
internal static class ImportCommand
{
    /// <summary>From this many events on, the import reports its progress on stderr when stderr is not a terminal (on a terminal, always).</summary>
    public const int ProgressThreshold = 5_000;

    /// <summary>Bad lines listed before the rest are only counted.</summary>
    private const int ErrorsShown = 20;

    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("FILE")
        {
            Description = "An NDJSON file in the wire format of LEDGER.md section 3, UTF-8, one event a line (blank lines and lines starting with # are ignored); - reads standard input.",
        };
        file.Validators.Add(result =>
        {
            var path = result.GetValueOrDefault<string>();
            if (path == "-")
            {
                return;
            }

            if (Directory.Exists(path))
            {
                result.AddError($"'{path}' is a directory; give an NDJSON file, or - to read standard input.");
            }
            else if (!File.Exists(path))
            {
                result.AddError($"file '{path}' does not exist.");
            }
        });

        var command = new Command(
            "import",
            "Records every event of FILE in one transaction: all of it, or nothing if any line is bad (the line number, its type and the reason go to stderr, exit 2). " +
            "Lines recorded before (same commandId and payload) are skipped as idempotent repeats. " +
            $"Progress (events checked, then round trips written, each with its rate and time left) goes to stderr: live on a terminal, else as lines for files of {ProgressThreshold} events or more. " +
            "The schema must hold a ledger: run `accessledger migrate` once first.")
        {
            file,
        };
        var formats = Formats.AddTo(command, "{file, recorded, repeated, checkpoint{position, hash}}");
        command.WithExamples(
            "accessledger import samples/Mythos2026/mythos-2026.ndjson",
            "accessledger events --json-lines | accessledger import - --schema accessledger_copy   # copy a ledger",
            "accessledger import history.ndjson --json");
        command.SetAction((parse, cancellationToken) => RunAsync(context, parse, parse.GetRequiredValue(file), formats.Of(parse), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, ParseResult parse, string file, OutputFormat format, CancellationToken cancellationToken)
    {
        var name = file == "-" ? "standard input" : file;
        var commands = new List<LedgerCommand>();
        var lineNumbers = new List<int>();
        var errors = new List<WireError>();
        using (var input = file == "-" ? null : OpenFile(file))
        {
            // Bytes, not text: the reader refuses a line that is not UTF-8, by its number.
            foreach (var (lineNumber, command, error) in NdjsonReader.Read(input ?? context.In))
            {
                if (error is not null)
                {
                    errors.Add(error);
                    continue;
                }

                commands.Add(command!);
                lineNumbers.Add(lineNumber);
            }
        }

        if (errors.Count > 0)
        {
            foreach (var error in errors.Take(ErrorsShown))
            {
                await context.Error.WriteLineAsync($"error: {name}: {error} [{error.Code}]").ConfigureAwait(false);
            }

            if (errors.Count > ErrorsShown)
            {
                await context.Error.WriteLineAsync($"error: {name}: {errors.Count - ErrorsShown} more bad lines.").ConfigureAwait(false);
            }

            await context.Error.WriteLineAsync($"nothing of {name} was written.").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        var ledger = await context.OpenLedgerAsync(parse, cancellationToken).ConfigureAwait(false);
        await using (ledger.ConfigureAwait(false))
        {
            using var progress = ImportProgress.For(context, name, commands, ledger.Store.Options.UpdateBatchSize);
            Writes.BatchResult result;
            try
            {
                result = progress is null
                    ? await ledger.RecordBatchAsync(commands, progress: null, cancellationToken).ConfigureAwait(false)
                    : await progress.RunAsync(p => ledger.RecordBatchAsync(commands, p, cancellationToken)).ConfigureAwait(false);
            }
            catch (LedgerRuleException e) when (e.Index is { } index && index < lineNumbers.Count)
            {
                // The ledger names the event by its index in the batch; the user knows it by its line.
                var error = new WireError(lineNumbers[index], e.EventType, e.Code, e.Message);
                await context.Error.WriteLineAsync($"error: {name}: {error} [{error.Code}]").ConfigureAwait(false);
                await context.Error.WriteLineAsync($"nothing of {name} was written.").ConfigureAwait(false);
                return ExitCodes.BadInput;
            }

            var head = await ledger.GetHeadAsync(cancellationToken).ConfigureAwait(false);
            await context.Out.WriteAsync(format == OutputFormat.Json
                ? Formats.Json(new { file = name, recorded = result.Recorded, repeated = result.Repeated, checkpoint = head })
                : $"{name}: {Count(result.Recorded, "event")} recorded, {result.Repeated.ToString(CultureInfo.InvariantCulture)} skipped as idempotent repeats.\n" +
                  $"ledger {ledger.Schema}: head at position {head.Position.ToString(CultureInfo.InvariantCulture)}, chain hash {head.Hash}\n").ConfigureAwait(false);
            return ExitCodes.Ok;
        }
    }

    private static FileStream OpenFile(string path)
    {
        try
        {
            return File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.BadInput, $"cannot read '{path}' ({(e is UnauthorizedAccessException ? "permission denied" : e.Message.TrimEnd('.'))}); nothing was written.");
        }
    }

    private static string Count(int n, string noun) => $"{n.ToString(CultureInfo.InvariantCulture)} {noun}{(n == 1 ? "" : "s")}";
}

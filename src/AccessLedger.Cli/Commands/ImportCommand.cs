using System.CommandLine;
using System.Globalization;
using AccessLedger.Rules;
using AccessLedger.Wire;

namespace AccessLedger.Cli.Commands;

/// <summary><c>accessledger import FILE.ndjson</c>: the whole file in one transaction, or nothing of it.</summary>
internal static class ImportCommand
{
    /// <summary>From this many events on, the import reports its progress on stderr (every tenth of the file).</summary>
    public const int ProgressThreshold = 5_000;

    /// <summary>Bad lines listed before the rest are only counted.</summary>
    private const int ErrorsShown = 20;

    public static Command Create(CliContext context)
    {
        var file = new Argument<FileInfo>("FILE.ndjson")
        {
            Description = "An NDJSON file in the wire format of LEDGER.md section 3: one event a line; blank lines and lines starting with # are ignored.",
        }.AcceptExistingOnly();

        var command = new Command(
            "import",
            "Records every event of FILE in one transaction: all of it, or nothing if any line is bad (the line number, its type and the reason go to stderr, exit 2). " +
            "Lines recorded before (same commandId and payload) are skipped as idempotent repeats. " +
            $"Files of {ProgressThreshold} events or more report progress on stderr.")
        {
            file,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(context, parse, parse.GetRequiredValue(file), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, ParseResult parse, FileInfo file, CancellationToken cancellationToken)
    {
        var name = file.ToString();
        var commands = new List<LedgerCommand>();
        var lineNumbers = new List<int>();
        var errors = new List<WireError>();
        using (var stream = file.OpenRead())
        {
            foreach (var (lineNumber, command, error) in NdjsonReader.Read(stream))
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

        await using var ledger = await context.OpenLedgerAsync(parse, create: true, cancellationToken).ConfigureAwait(false);
        var progress = commands.Count >= ProgressThreshold ? new ImportProgress(context.Error, commands.Count) : null;
        Writes.BatchResult result;
        try
        {
            result = await ledger.RecordBatchAsync(commands, progress, cancellationToken).ConfigureAwait(false);
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
        await context.Out.WriteLineAsync($"{name}: {Count(result.Recorded, "event")} recorded, {result.Repeated.ToString(CultureInfo.InvariantCulture)} skipped as idempotent repeats.").ConfigureAwait(false);
        await context.Out.WriteLineAsync($"ledger {ledger.Schema}: head at position {head.Position.ToString(CultureInfo.InvariantCulture)}, chain hash {head.Hash}").ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static string Count(int n, string noun) => $"{n.ToString(CultureInfo.InvariantCulture)} {noun}{(n == 1 ? "" : "s")}";

    /// <summary>Writes a line on each tenth of the batch judged, then one when the write to PostgreSQL begins.</summary>
    private sealed class ImportProgress(TextWriter error, int total) : IProgress<int>
    {
        private int _tenths;

        public void Report(int value)
        {
            var tenths = (int)(value * 10L / total);
            if (tenths <= _tenths)
            {
                return;
            }

            _tenths = tenths;
            error.WriteLine(value < total
                ? $"checked {value} of {total} events ({tenths * 10}%)"
                : $"checked {total} of {total} events (100%); writing them to PostgreSQL");
        }
    }
}

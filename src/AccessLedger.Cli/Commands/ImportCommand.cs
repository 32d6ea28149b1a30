using System.CommandLine;
using System.Globalization;
using System.Text;
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
        using (var reader = file == "-" ? null : new StrictUtf8LineReader(OpenFile(file)))
        {
            try
            {
                foreach (var (lineNumber, command, error) in NdjsonReader.Read(reader ?? context.In))
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
            catch (DecoderFallbackException) when (reader is not null)
            {
                errors.Add(new WireError(reader.LineNumber, null, ErrorCodes.InvalidField, "the line is not valid UTF-8; save the file as UTF-8 (without other encodings' bytes)."));
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

        await using var ledger = await context.OpenLedgerAsync(parse, cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// Reads lines of strict UTF-8 (a byte-order mark allowed), one line decoded at a time, so that a byte that is
    /// not UTF-8 is refused with its line number instead of being replaced with U+FFFD.
    /// </summary>
    private sealed class StrictUtf8LineReader(Stream stream) : TextReader
    {
        private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        private readonly BufferedStream _input = new(stream, 1 << 16);
        private readonly MemoryStream _line = new();

        /// <summary>The number of the line read last (1-based).</summary>
        public int LineNumber { get; private set; }

        public override string? ReadLine()
        {
            _line.SetLength(0);
            int b;
            while ((b = _input.ReadByte()) is not -1 and not '\n')
            {
                _line.WriteByte((byte)b);
            }

            if (b == -1 && _line.Length == 0)
            {
                return null;
            }

            LineNumber++;
            var bytes = _line.GetBuffer().AsSpan(0, (int)_line.Length);
            if (LineNumber == 1 && bytes.StartsWith(Encoding.UTF8.Preamble))
            {
                bytes = bytes[Encoding.UTF8.Preamble.Length..];
            }

            return Strict.GetString(bytes.EndsWith("\r"u8) ? bytes[..^1] : bytes);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _input.Dispose();
                _line.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

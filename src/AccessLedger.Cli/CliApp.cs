using System.CommandLine;
using System.CommandLine.Invocation;
using AccessLedger.Cli.Commands;
using AccessLedger.Rules;
using Npgsql;

namespace AccessLedger.Cli;

/// <summary>
/// The <c>accessledger</c> command line (LEDGER.md section 6), callable in-process: tests and the demo run it with
/// their own writers and environment instead of the console's.
/// </summary>
internal static class CliApp
{
    /// <summary>Runs one command line and returns its exit code (<see cref="ExitCodes"/>); <c>import -</c> reads the console's standard input.</summary>
    /// <param name="args">The arguments, as a shell would split them.</param>
    /// <param name="stdout">Where answers go.</param>
    /// <param name="stderr">Where errors and progress go.</param>
    /// <param name="environment">The variables to read (<c>ACCESSLEDGER_CONNECTION</c>, <c>ACCESSLEDGER_SCHEMA</c>);
    /// null reads the process environment.</param>
    /// <param name="cancellationToken">Stops the command; an import stopped this way writes nothing.</param>
    public static Task<int> RunAsync(
        IReadOnlyList<string> args,
        TextWriter stdout,
        TextWriter stderr,
        IReadOnlyDictionary<string, string?>? environment = null,
        CancellationToken cancellationToken = default) =>
        RunAsync(args, Console.OpenStandardInput(), stdout, stderr, environment, cancellationToken);

    /// <summary>Runs one command line with its own standard input and returns its exit code (<see cref="ExitCodes"/>).</summary>
    /// <param name="args">The arguments, as a shell would split them.</param>
    /// <param name="stdin">What <c>import -</c> reads: UTF-8 bytes, refused line by line where they are not.</param>
    /// <param name="stdout">Where answers go.</param>
    /// <param name="stderr">Where errors and progress go; progress is drawn live only when this is the console's own stderr on a terminal.</param>
    /// <param name="environment">The variables to read (<c>ACCESSLEDGER_CONNECTION</c>, <c>ACCESSLEDGER_SCHEMA</c>);
    /// null reads the process environment.</param>
    /// <param name="cancellationToken">Stops the command; an import stopped this way writes nothing.</param>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args,
        Stream stdin,
        TextWriter stdout,
        TextWriter stderr,
        IReadOnlyDictionary<string, string?>? environment = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stdin);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var context = new CliContext(stdin, stdout, stderr, environment) { ErrorIsTerminal = ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("TERM") != "dumb" };
        return await RunAsync(args, context, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one command line in <paramref name="context"/> (tests choose its streams and whether stderr counts as a terminal).</summary>
    internal static async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken = default)
    {
        var (stdout, stderr) = (context.Out, context.Error);
        var parse = CreateRootCommand(context).Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is ParseErrorAction)
        {
            foreach (var line in Suggestions.Explain(parse))
            {
                await stderr.WriteLineAsync($"error: {line}").ConfigureAwait(false);
            }

            var command = parse.CommandResult.Command is RootCommand ? "accessledger" : $"accessledger {parse.CommandResult.Command.Name}";
            await stderr.WriteLineAsync($"Run '{command} --help' for usage.").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }

        try
        {
            var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
            return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (CliException e)
        {
            await stderr.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return e.ExitCode;
        }
        catch (LedgerRuleException e)
        {
            // A rule of the contract refused the input (e.g. a country code); nothing was written. A writer racing
            // this one is no fault of the input.
            await stderr.WriteLineAsync($"error: {e.Message} [{e.Code}]").ConfigureAwait(false);
            return e.Code == ErrorCodes.ConcurrencyConflict ? ExitCodes.Failure : ExitCodes.BadInput;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("error: cancelled; nothing of an unfinished import was written.").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (Exception e) when (Explain(e) is { } why)
        {
            await stderr.WriteLineAsync($"error: {why}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
#pragma warning disable CA1031 // The command line's last word: one line on stderr, exit 1, whatever went wrong.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await stderr.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }

    internal static RootCommand CreateRootCommand(CliContext context)
    {
        var root = new RootCommand(
            "AccessLedger: an append-only, bitemporal ledger of export-control events on PostgreSQL. " +
            "Create the ledger's schema once (migrate), import events, ask who may use which model at valid time T as known at K, and list what was recorded; " +
            "audit a model: who could access it, what changed, belief versus truth, timelines and an HTML report. " +
            $"Exit codes: 0 an answer (allowed or denied) or work done, 2 bad input (nothing written), 3 a broken chain (verify), {ExitCodes.Denied} a denial (check --exit-code only), 1 anything else.")
        {
            context.Connection,
            context.Schema,
            MigrateCommand.Create(context),
            ImportCommand.Create(context),
            CheckCommand.Create(context),
            EventsCommand.Create(context),
            VerifyCommand.Create(context),
            CheckpointCommand.Create(context),
            ProveCommand.Create(context),
            VerifyProofCommand.Create(context),
            ExportCommand.Create(context),
            RevalidateCommand.Create(context),
            KeygenCommand.Create(context),
            WhoCommand.Create(context),
            ChangesCommand.Create(context),
            DiffCommand.Create(context),
            TimelineCommand.Create(context),
            ReportCommand.Create(context),
            CompletionCommand.Create(context),
        };
        root.WithExamples(
            "accessledger migrate                      # once: create the ledger's schema",
            "accessledger import samples/Mythos2026/mythos-2026.ndjson",
            "accessledger check --model mythos-5 --person lena --at 2026-06-12T22:00:00Z",
            "accessledger who --model mythos-5 --at 2026-06-30T00:00:00Z --json",
            "source <(accessledger completion bash)    # complete commands and options in bash");
        HelpExamples.Install(root);
        return root;
    }

    /// <summary>PostgreSQL's refusals a user can act on (also when Marten or Weasel wrapped them), in words that say what to do; null for the rest.</summary>
    private static string? Explain(Exception exception)
    {
        var e = exception;
        while (e is not PostgresException && e.InnerException is { } inner)
        {
            e = inner;
        }

        return e is PostgresException postgres ? Explain(postgres) : null;
    }

    private static string? Explain(PostgresException e) => e.SqlState switch
    {
        PostgresErrorCodes.InsufficientPrivilege =>
            $"PostgreSQL refused: {e.MessageText}. Run `accessledger migrate` as the role that owns the ledger's schema; other commands need the grants of docs/tamper-evidence.md (a writer, or a read-only auditor).",
        PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedColumn or PostgresErrorCodes.UndefinedFunction =>
            $"the ledger's schema is older than this version of accessledger ({e.MessageText}): run `accessledger migrate` to bring it up to date.",
        _ => null,
    };
}

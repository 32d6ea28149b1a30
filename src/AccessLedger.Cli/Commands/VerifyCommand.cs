using System.CommandLine;
using System.Globalization;
using AccessLedger.Cli.Output;
using AccessLedger.Decisions;

namespace AccessLedger.Cli.Commands;

/// <summary><c>accessledger verify</c>: recomputes the hash chain and the decision log's; exit 0 when intact, 3 when broken.</summary>
internal static class VerifyCommand
{
    public static Command Create(CliContext context)
    {
        var checkpoint = new Option<LedgerCheckpoint?>("--checkpoint")
        {
            Description = "A head saved earlier (position:hash, as printed by verify or import): also check that the history up to it was not rewritten.",
            HelpName = "position:hash",
            CustomParser = result => Parse(result.Tokens.Single().Value, result),
        };
        var deep = new Option<bool>("--deep")
        {
            Description = "Also fold every event again and compare the state decisions and audits read (timelines, subject rows) with it, naming each difference. Reads the whole ledger into memory.",
        };
        var command = new Command(
            "verify",
            "Recomputes the hash chain over every recorded event and names the first position where it breaks (an event changed, deleted, inserted, reordered or backdated), and the decision log's chain, naming its first entry changed, deleted or moved. Exit 0 when intact, 3 when broken.")
        {
            checkpoint, deep,
        };
        var formats = Formats.AddTo(command, "{intact, eventsChecked, checkpoint{position, hash}, firstBrokenPosition, problem, checkpointMatches, derivedStateProblems, decisionsChecked, firstBrokenDecision, decisionLogProblem}, absent values left out");
        command.WithExamples(
            "accessledger verify",
            "accessledger verify --checkpoint 21:57e209a587d4a3d72d5d3d7bf54083aedbd8a119bf2591acbbafcbeded0fbed3   # a head saved earlier",
            "accessledger verify --deep                # also compare what decisions read with the events",
            "accessledger verify --json");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var ledger = await context.OpenLedgerAsync(parse, cancellationToken).ConfigureAwait(false);
            await using (ledger.ConfigureAwait(false))
            {
                var progress = new VerifyProgress(context.Error);
                var result = await ledger.VerifyAsync(parse.GetValue(checkpoint), parse.GetValue(deep), progress, cancellationToken).ConfigureAwait(false);
                if (formats.Of(parse) == OutputFormat.Json)
                {
                    await context.Out.WriteAsync(Formats.Json(new
                    {
                        intact = result.Intact,
                        eventsChecked = result.EventsChecked,
                        checkpoint = result.Head,
                        firstBrokenPosition = result.FirstBrokenPosition,
                        problem = result.Problem,
                        checkpointMatches = result.CheckpointMatches,
                        derivedStateProblems = result.DerivedStateChecked ? result.DerivedStateProblems : null,
                        decisionsChecked = result.DecisionsChecked > 0 ? result.DecisionsChecked : (long?)null,
                        firstBrokenDecision = result.FirstBrokenDecision,
                        decisionLogProblem = result.DecisionLogProblem,
                    })).ConfigureAwait(false);
                }
                else
                {
                    await context.Out.WriteLineAsync(result.FirstBrokenPosition is { } broken
                        ? $"BROKEN at position {broken}: {result.Problem}"
                        : $"intact: {result.EventsChecked} events, head {result.Head}").ConfigureAwait(false);
                    if (result.FirstBrokenDecision is { } decision)
                    {
                        await context.Out.WriteLineAsync($"DECISION LOG BROKEN at decision {decision}: {result.DecisionLogProblem}").ConfigureAwait(false);
                    }
                    else if (result.DecisionsChecked > 0)
                    {
                        await context.Out.WriteLineAsync($"decision log intact: {result.DecisionsChecked} decisions.").ConfigureAwait(false);
                    }

                    foreach (var problem in result.DerivedStateProblems)
                    {
                        await context.Out.WriteLineAsync($"DERIVED STATE: {problem}").ConfigureAwait(false);
                    }

                    if (result.DerivedStateChecked && result.DerivedStateProblems.Count == 0)
                    {
                        await context.Out.WriteLineAsync("the state decisions and audits read is the one the events give.").ConfigureAwait(false);
                    }

                    if (result.CheckpointMatches is { } matches)
                    {
                        await context.Out.WriteLineAsync(matches
                            ? "the checkpoint matches: the history up to it is the one it names."
                            : "the checkpoint does NOT match: the history up to it was rewritten or truncated.").ConfigureAwait(false);
                    }
                }

                return result.Intact ? ExitCodes.Ok : ExitCodes.Broken;
            }
        });
        return command;
    }

    // Reported on the verifying thread: System.Progress would post to the thread pool and could write after the command ended.
    private sealed class VerifyProgress(TextWriter error) : IProgress<long>
    {
        public void Report(long value) => error.WriteLine($"verified {value.ToString("N0", CultureInfo.InvariantCulture)} events");
    }

    private static LedgerCheckpoint? Parse(string text, System.CommandLine.Parsing.ArgumentResult result)
    {
        var parts = text.Split(':');
        if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            && parts[1].Length == 64 && parts[1].All(Uri.IsHexDigit))
        {
            return new LedgerCheckpoint(position, parts[1].ToLowerInvariant());
        }

        result.AddError($"--checkpoint '{text}' is not position:hash (a number, a colon, 64 hex digits).");
        return null;
    }
}

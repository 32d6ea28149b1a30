using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Runtime.CompilerServices;

namespace AccessLedger.Cli;

/// <summary>Examples at the end of each command's <c>--help</c>, as gh and kubectl print them.</summary>
internal static class HelpExamples
{
    private static readonly ConditionalWeakTable<Command, string[]> Examples = [];

    /// <summary>Attaches example command lines (each starting with <c>accessledger</c>, an optional <c>#</c> comment after) to <paramref name="command"/>.</summary>
    public static TCommand WithExamples<TCommand>(this TCommand command, params string[] examples) where TCommand : Command
    {
        Examples.AddOrUpdate(command, examples);
        return command;
    }

    /// <summary>The examples of <paramref name="command"/>.</summary>
    public static IReadOnlyList<string> Of(Command command) => Examples.TryGetValue(command, out var examples) ? examples : [];

    /// <summary>Makes <c>--help</c> print the examples after System.CommandLine's own sections.</summary>
    public static void Install(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        if (help.Action is HelpAction standard)
        {
            help.Action = new WithExamplesAction(standard);
        }
    }

    private sealed class WithExamplesAction(HelpAction standard) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => standard.ClearsParseErrors;

        public override int Invoke(ParseResult parseResult)
        {
            var exit = standard.Invoke(parseResult);
            var examples = Of(parseResult.CommandResult.Command);
            if (examples.Count > 0)
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine("Examples:");
                foreach (var example in examples)
                {
                    output.WriteLine($"  {example}");
                }

                output.WriteLine();
            }

            return exit;
        }
    }
}

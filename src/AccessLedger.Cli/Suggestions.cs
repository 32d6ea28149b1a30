using System.CommandLine;
using System.CommandLine.Parsing;

namespace AccessLedger.Cli;

/// <summary>
/// "Did you mean": short answers to a mistyped command or option, as git, gh and kubectl give. A typo is named once
/// with its nearest words; the errors that follow from it (a required option "missing", its value "unrecognized")
/// are not repeated.
/// </summary>
internal static class Suggestions
{
    /// <summary>The lines to print for a command line that did not parse, each without the leading <c>error: </c>.</summary>
    public static IReadOnlyList<string> Explain(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var atRoot = command is RootCommand;
        var unmatched = parse.UnmatchedTokens;
        if (unmatched.Count == 0)
        {
            return atRoot && parse.Errors.Any(e => e.SymbolResult is CommandResult)
                ? [$"name a command: {string.Join(", ", command.Subcommands.Select(c => c.Name))}."]
                : [.. parse.Errors.Select(e => e.Message).Distinct()];
        }

        var lines = new List<string>();
        var afterUnknownOption = false;
        foreach (var token in unmatched)
        {
            if (token.StartsWith('-') && token.Length > 1)
            {
                var nearest = Nearest(token, OptionNames(parse.CommandResult));
                lines.Add($"{(atRoot ? "accessledger" : command.Name)} has no option '{token}'{(nearest.Count > 0 ? $"; did you mean {Quote(nearest)}?" : ".")}");
                afterUnknownOption = true;
            }
            else if (afterUnknownOption)
            {
                // Most likely the value of the unknown option just named.
                afterUnknownOption = false;
            }
            else if (atRoot && lines.Count == 0)
            {
                var nearest = Nearest(token, [.. command.Subcommands.Select(c => c.Name)]);
                lines.Add(nearest.Count > 0
                    ? $"'{token}' is not an accessledger command; did you mean {Quote(nearest)}?"
                    : $"'{token}' is not an accessledger command; the commands are {string.Join(", ", command.Subcommands.Select(c => c.Name))}.");

                // What follows an unknown command belongs to it: nothing more to say until the command is right.
                break;
            }
            else
            {
                lines.Add($"unexpected argument '{token}' for {(atRoot ? "accessledger" : command.Name)}.");
            }
        }

        return lines;
    }

    /// <summary>The words nearest to <paramref name="typed"/>: one or two edits away, or of which it is a unique beginning.</summary>
    public static IReadOnlyList<string> Nearest(string typed, IReadOnlyList<string> words)
    {
        var bare = typed.TrimStart('-');
        var prefixed = words.Where(w => bare.Length >= 2 && w.TrimStart('-').StartsWith(bare, StringComparison.Ordinal)).ToList();
        if (prefixed.Count == 1)
        {
            return prefixed;
        }

        var scored = words
            .Select(w => (Word: w, Distance: Distance(bare, w.TrimStart('-'))))
            .Where(s => s.Distance <= Math.Min(2, Math.Max(1, s.Word.TrimStart('-').Length / 3)))
            .ToList();
        return scored.Count == 0 ? [] : [.. scored.Where(s => s.Distance == scored.Min(x => x.Distance)).Select(s => s.Word).Take(3)];
    }

    /// <summary><c>'a'</c>, <c>'a' or 'b'</c>, <c>'a', 'b' or 'c'</c>.</summary>
    public static string Quote(IReadOnlyList<string> words) =>
        words.Count == 1 ? $"'{words[0]}'" : $"{string.Join(", ", words.SkipLast(1).Select(w => $"'{w}'"))} or '{words[^1]}'";

    private static List<string> OptionNames(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? at = result; at is CommandResult c; at = at.Parent)
        {
            names.AddRange(c.Command.Options.Where(o => at == result || o.Recursive).Select(o => o.Name).Where(n => n.StartsWith("--", StringComparison.Ordinal)));
        }

        return names;
    }

    /// <summary>Edits (insert, delete, replace, swap two neighbours) from <paramref name="a"/> to <paramref name="b"/>.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}

using System.CommandLine;
using System.CommandLine.Parsing;

namespace AccessLedger.Cli.Commands;

/// <summary>
/// Options whose value is one of a few words: the words are listed in <c>--help</c> (<c>&lt;a|b|c&gt;</c>), offered
/// by shell completion, and a wrong word is answered with the list and the nearest word.
/// </summary>
internal static class Choices
{
    public static Option<string> Create(string name, string description, IReadOnlyList<string> values, string? defaultValue = null)
    {
        var option = new Option<string>(name)
        {
            Description = description,
            HelpName = string.Join('|', values),
        };
        if (defaultValue is not null)
        {
            option.DefaultValueFactory = _ => defaultValue;
        }

        option.CompletionSources.Add(values.ToArray());
        option.Validators.Add(result => Check(result, name, values));
        return option;
    }

    private static void Check(OptionResult result, string name, IReadOnlyList<string> values)
    {
        foreach (var token in result.Tokens)
        {
            if (!values.Contains(token.Value, StringComparer.Ordinal))
            {
                var nearest = Suggestions.Nearest(token.Value, values);
                result.AddError($"{name} '{token.Value}' is not one of {string.Join(", ", values)}{(nearest.Count > 0 ? $"; did you mean {Suggestions.Quote(nearest)}?" : ".")}");
            }
        }
    }
}

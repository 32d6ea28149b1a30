using System.CommandLine;
using System.CommandLine.Parsing;
using AccessLedger.Wire;

namespace AccessLedger.Cli.Commands;

/// <summary>Options that take an instant: ISO 8601 with an offset, as everywhere in the contract (LEDGER.md section 1).</summary>
internal static class InstantOption
{
    public static Option<DateTimeOffset?> Create(string name, string description, bool required = false) => new(name)
    {
        Description = description,
        HelpName = "TIMESTAMP",
        Required = required,
        CustomParser = Parse,
    };

    private static DateTimeOffset? Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : null;
        var instant = LedgerJson.TryParseInstant(text);
        if (instant is null)
        {
            var name = (result.Parent as OptionResult)?.Option.Name ?? "the timestamp";
            result.AddError($"{name} '{text}' is not a timestamp with an offset; write it like 2026-06-12T21:21:00Z or 2026-06-12T17:21:00-04:00.");
        }

        return instant;
    }
}

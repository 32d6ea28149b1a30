using System.CommandLine;
using System.CommandLine.Parsing;
using AccessLedger.Wire;

namespace AccessLedger.Cli.Commands;

/// <summary>
/// Options that take an instant: ISO 8601 with an offset, as everywhere in the contract (LEDGER.md section 1), and
/// no finer than the microsecond the ledger keeps, so that the instant asked about is the instant answered.
/// </summary>
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
        if (LedgerJson.TryParseStatedInstant(text, out var instant, out var problem, out _))
        {
            return instant;
        }

        var name = (result.Parent as OptionResult)?.Option.Name ?? "the timestamp";
        result.AddError($"{name} {problem}");
        return null;
    }
}

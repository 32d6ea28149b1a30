using System.Text.Json;
using System.Text.RegularExpressions;
using AccessLedger.Events;
using AccessLedger.Wire;

namespace AccessLedger.Rules;

/// <summary>
/// The checks an event passes on its own, before the ledger's state is consulted: identifiers are slugs, countries
/// are ISO 3166-1 alpha-2 (lower case is normalised), enum values are the contract's, lists that must name something
/// do, intervals are not empty, instants are whole microseconds, and text is text PostgreSQL can store, within the
/// limits of <see cref="InputLimits"/>.
/// </summary>
internal static partial class FieldRules
{
    /// <summary>The pattern of identifiers (<c>\z</c>: the end of the text, not before a final line break as <c>$</c> allows).</summary>
    public const string SlugPattern = @"^[a-z0-9][a-z0-9._-]{0,63}\z";

    [GeneratedRegex(SlugPattern, RegexOptions.CultureInvariant)]
    private static partial Regex Slug();

    /// <summary>Whether <paramref name="id"/> is a slug.</summary>
    public static bool IsSlug(string? id) => id is not null && Slug().IsMatch(id);

    /// <summary>The event with its countries normalised, or a <see cref="LedgerRuleException"/>.</summary>
    public static ILedgerEvent Check(ILedgerEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var checker = new FieldChecker();
        checker.Instant("validFrom", e.ValidFrom);
        if (EventCatalog.ValidToOf(e) is { } validTo)
        {
            checker.Instant("validTo", validTo);
        }

        var kind = EventCatalog.Kinds.FirstOrDefault(k => k.Type == e.GetType())
            ?? throw new LedgerRuleException(ErrorCodes.UnknownEventType, $"{e.GetType().Name} is not an event of the contract.");
        var normalised = kind.CheckFields(checker, e);
        checker.Size(normalised);
        checker.ThrowIfFailed();
        return normalised;

    }

    /// <summary>A country code normalised to upper case, or a <see cref="LedgerRuleException"/> saying why it is not one.</summary>
    public static string CheckCountry(string field, string code)
    {
        var checker = new FieldChecker();
        var normalised = checker.Country(field, code);
        checker.ThrowIfFailed();
        return normalised;
    }

    /// <summary>A <c>commandId</c> as the ledger keeps it: null, or 1 to 200 characters of visible text.</summary>
    internal static string? CheckCommandId(string? commandId) => Label("commandId", commandId, InputLimits.CommandIdLength);

    /// <summary>An <c>actor</c> as the ledger keeps it: null, or 1 to 200 characters of visible text.</summary>
    internal static string? CheckActor(string? actor) => Label("actor", actor, InputLimits.ActorLength);

    /// <summary>A stated <c>recordedAt</c>: null, or an instant in whole microseconds.</summary>
    internal static DateTimeOffset? CheckRecordedAt(DateTimeOffset? recordedAt)
    {
        if (recordedAt is { } at)
        {
            var checker = new FieldChecker();
            checker.Instant("recordedAt", at);
            checker.ThrowIfFailed();
        }

        return recordedAt;
    }

    private static string? Label(string field, string? value, int maxLength)
    {
        if (value is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(value) || value.Length > maxLength)
        {
            throw new LedgerRuleException(
                value.Length > maxLength ? ErrorCodes.TooLarge : ErrorCodes.InvalidField,
                $"{field} must be 1 to {maxLength} characters{(value.Length > maxLength ? $", not {value.Length:N0}" : ", not blank")}.");
        }

        return TextRules.Problem(value, label: true) is { } problem
            ? throw new LedgerRuleException(ErrorCodes.InvalidText, $"{field} {TextRules.Quote(value)} {problem}.")
            : value;
    }
}

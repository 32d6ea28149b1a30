using AccessLedger.Rules;
using AccessLedger.Timelines;

namespace AccessLedger.Events;

/// <summary><c>ban_amended</c> on <c>directive-{directiveId}</c>: models added to or removed from a ban.</summary>
/// <param name="DirectiveId">The directive amended.</param>
/// <param name="AddModels">Models the ban covers from now on.</param>
/// <param name="RemoveModels">Models it no longer covers.</param>
/// <param name="ValidFrom">From when.</param>
/// <param name="AddClasses">Classes the ban covers from now on (null: none).</param>
/// <param name="RemoveClasses">Classes it no longer covers (null: none).</param>
/// <param name="AddOrganizations">For a ban on parties: organizations listed from now on (null: none).</param>
/// <param name="RemoveOrganizations">For a ban on parties: organizations no longer listed (null: none).</param>
/// <param name="Source">Where the fact came from (LEDGER.md section 7.1; null: not said).</param>
public sealed record BanAmended(string DirectiveId, IReadOnlyList<string> AddModels, IReadOnlyList<string> RemoveModels, DateTimeOffset ValidFrom,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? AddClasses = null, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? RemoveClasses = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? AddOrganizations = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? RemoveOrganizations = null, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] Source? Source = null) : ILedgerEvent, ISourced
{
    /// <summary>The declaration of <c>ban_amended</c>: stream, field checks, write rule, keys and what a decision reads.</summary>
    internal static EventKind<BanAmended> Kind { get; } = new("ban_amended", TimelineKind.Directive, x => x.DirectiveId)
    {
        Keys = [KeyList.Models(nameof(AddModels)), KeyList.Models(nameof(RemoveModels)), KeyList.Classes(nameof(AddClasses)), KeyList.Classes(nameof(RemoveClasses)),
            KeyList.Organizations(nameof(AddOrganizations)), KeyList.Organizations(nameof(RemoveOrganizations))],
        Decision = DecisionRead.InEffectWhereNamed,
        Fields = (c, x) => c.Id("directiveId", x.DirectiveId).Ids("addModels", x.AddModels, nonEmpty: false).Ids("removeModels", x.RemoveModels, nonEmpty: false)
            .OptionalIds("addClasses", x.AddClasses).OptionalIds("removeClasses", x.RemoveClasses)
            .OptionalIds("addOrganizations", x.AddOrganizations).OptionalIds("removeOrganizations", x.RemoveOrganizations)
            .Require(
                x.AddModels?.Count + x.RemoveModels?.Count + (x.AddClasses?.Count ?? 0) + (x.RemoveClasses?.Count ?? 0)
                    + (x.AddOrganizations?.Count ?? 0) + (x.RemoveOrganizations?.Count ?? 0) > 0,
                "an amendment adds or removes at least one model, class or organization.")
            .Source(x.Source).Done(x),
        Rule = (x, state) =>
        {
            var ban = WriteRules.RequireIssued(state, x.DirectiveId, "amended");
            WriteRules.Require(
                (x.AddOrganizations?.Count ?? 0) + (x.RemoveOrganizations?.Count ?? 0) == 0 || ban.Issued!.Event.Scope.Kind == BanScopeKind.Parties,
                ErrorCodes.InvalidField,
                $"directive {x.DirectiveId} is not a ban on parties, so an amendment cannot add or remove organizations.");
        },
        Text = x => $"ban {x.DirectiveId} amended{FactText.Change("adds", x.AddModels)}{FactText.Change("removes", x.RemoveModels)}{FactText.Change("adds class", x.AddClasses ?? [])}{FactText.Change("removes class", x.RemoveClasses ?? [])}{FactText.Change("lists", x.AddOrganizations ?? [])}{FactText.Change("delists", x.RemoveOrganizations ?? [])}{FactText.Cited(x.Source)}",
    };
}

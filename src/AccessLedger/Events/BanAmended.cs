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
public sealed record BanAmended(string DirectiveId, IReadOnlyList<string> AddModels, IReadOnlyList<string> RemoveModels, DateTimeOffset ValidFrom,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? AddClasses = null, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? RemoveClasses = null) : ILedgerEvent
{
    /// <summary>The declaration of <c>ban_amended</c>: stream, field checks, write rule, keys and what a decision reads.</summary>
    internal static EventKind<BanAmended> Kind { get; } = new("ban_amended", TimelineKind.Directive, x => x.DirectiveId)
    {
        Keys = [KeyList.Models(nameof(AddModels)), KeyList.Models(nameof(RemoveModels)), KeyList.Classes(nameof(AddClasses)), KeyList.Classes(nameof(RemoveClasses))],
        Decision = DecisionRead.InEffectWhereNamed,
        Fields = (c, x) => c.Id("directiveId", x.DirectiveId).Ids("addModels", x.AddModels, nonEmpty: false).Ids("removeModels", x.RemoveModels, nonEmpty: false)
            .OptionalIds("addClasses", x.AddClasses).OptionalIds("removeClasses", x.RemoveClasses)
            .Require(
                x.AddModels?.Count + x.RemoveModels?.Count + (x.AddClasses?.Count ?? 0) + (x.RemoveClasses?.Count ?? 0) > 0,
                "an amendment adds or removes at least one model or class.")
            .Done(x),
        Rule = (x, state) => WriteRules.RequireIssued(state, x.DirectiveId, "amended"),
        Text = x => $"ban {x.DirectiveId} amended{FactText.Change("adds", x.AddModels)}{FactText.Change("removes", x.RemoveModels)}{FactText.Change("adds class", x.AddClasses ?? [])}{FactText.Change("removes class", x.RemoveClasses ?? [])}",
    };
}

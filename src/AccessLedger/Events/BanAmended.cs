using AccessLedger.Rules;
using AccessLedger.Timelines;

namespace AccessLedger.Events;

/// <summary><c>ban_amended</c> on <c>directive-{directiveId}</c>: models added to or removed from a ban.</summary>
/// <param name="DirectiveId">The directive amended.</param>
/// <param name="AddModels">Models the ban covers from now on.</param>
/// <param name="RemoveModels">Models it no longer covers.</param>
/// <param name="ValidFrom">From when.</param>
public sealed record BanAmended(string DirectiveId, IReadOnlyList<string> AddModels, IReadOnlyList<string> RemoveModels, DateTimeOffset ValidFrom) : ILedgerEvent
{
    /// <summary>The declaration of <c>ban_amended</c>: stream, field checks, write rule, keys and what a decision reads.</summary>
    internal static EventKind<BanAmended> Kind { get; } = new("ban_amended", TimelineKind.Directive, x => x.DirectiveId)
    {
        Keys = [KeyList.Models(nameof(AddModels)), KeyList.Models(nameof(RemoveModels))],
        Decision = DecisionRead.InEffectWhereNamed,
        Fields = (c, x) => c.Id("directiveId", x.DirectiveId).Ids("addModels", x.AddModels, nonEmpty: false).Ids("removeModels", x.RemoveModels, nonEmpty: false)
            .Require(x.AddModels?.Count + x.RemoveModels?.Count > 0, "an amendment adds or removes at least one model.").Done(x),
        Rule = (x, state) => WriteRules.RequireIssued(state, x.DirectiveId, "amended"),
        Text = x => $"ban {x.DirectiveId} amended{FactText.Change("adds", x.AddModels)}{FactText.Change("removes", x.RemoveModels)}",
    };
}

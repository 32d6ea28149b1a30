using AccessLedger.Rules;
using AccessLedger.Timelines;

namespace AccessLedger.Events;

/// <summary><c>ban_validity_changed</c> on <c>directive-{directiveId}</c>: the ban ends at a new instant (or never) from <paramref name="ValidFrom"/> on.</summary>
/// <param name="DirectiveId">The directive.</param>
/// <param name="ValidTo">The new end (exclusive), or null for open-ended.</param>
/// <param name="ValidFrom">From when the new end holds; it may extend a ban that had expired (the gap stays a gap).</param>
/// <param name="Source">Where the change came from.</param>
public sealed record BanValidityChanged(
    string DirectiveId,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] DateTimeOffset? ValidTo,
    DateTimeOffset ValidFrom,
    Source? Source = null) : ILedgerEvent, IValidityChange, ISourced
{
    /// <summary>The declaration of <c>ban_validity_changed</c>: stream, field checks, write rule, keys and what a decision reads.</summary>
    internal static EventKind<BanValidityChanged> Kind { get; } = new("ban_validity_changed", TimelineKind.Directive, x => x.DirectiveId)
    {
        Decision = DecisionRead.InEffect,
        Fields = (c, x) => c.Id("directiveId", x.DirectiveId).Interval(x.ValidFrom, x.ValidTo).Source(x.Source).Done(x),
        Rule = (x, state) =>
        {
            var ban = WriteRules.RequireLiveBan(state, x.DirectiveId, "given a new validity");
            WriteRules.RequireEndAfterStart(x.ValidTo, ban.Issued!.Event.ValidFrom, $"directive {x.DirectiveId}");
        },
        ValidTo = x => x.ValidTo,
        Text = x => $"ban {x.DirectiveId} {(x.ValidTo is { } to ? $"runs until {Wire.LedgerJson.Format(to)}" : "runs without end")}{FactText.Cited(x.Source)}",
    };
}

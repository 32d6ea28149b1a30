using AccessLedger.Rules;
using AccessLedger.Timelines;

namespace AccessLedger.Events;

/// <summary><c>ban_suspended</c> on <c>directive-{directiveId}</c>: the ban does not apply from <paramref name="ValidFrom"/> until <paramref name="ValidTo"/> (a scheduled reimposition) or a reinstatement.</summary>
/// <param name="DirectiveId">The directive.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="ValidFrom">From when.</param>
/// <param name="ValidTo">When the ban applies again by itself, if scheduled (exclusive).</param>
/// <param name="Source">Where the suspension came from.</param>
public sealed record BanSuspended(string DirectiveId, string Reason, DateTimeOffset ValidFrom, DateTimeOffset? ValidTo = null, Source? Source = null) : ILedgerEvent, IInstrumentSuspension, ISourced
{
    /// <summary>The declaration of <c>ban_suspended</c>: stream, field checks, write rule, keys and what a decision reads.</summary>
    internal static EventKind<BanSuspended> Kind { get; } = new("ban_suspended", TimelineKind.Directive, x => x.DirectiveId)
    {
        Decision = DecisionRead.InEffect,
        Fields = (c, x) => c.Id("directiveId", x.DirectiveId).Text("reason", x.Reason).Interval(x.ValidFrom, x.ValidTo).Source(x.Source).Done(x),
        Rule = (x, state) =>
        {
            WriteRules.RequireLiveBan(state, x.DirectiveId, "suspended");
        },
        ValidTo = x => x.ValidTo,
        Text = x => $"ban {x.DirectiveId} suspended{(x.ValidTo is { } to ? $" until {Wire.LedgerJson.Format(to)}" : "")}: {x.Reason}{FactText.Cited(x.Source)}",
    };
}

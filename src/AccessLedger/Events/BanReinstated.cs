using AccessLedger.Rules;
using AccessLedger.Timelines;

namespace AccessLedger.Events;

/// <summary><c>ban_reinstated</c> on <c>directive-{directiveId}</c>: a suspension of the ban ends.</summary>
/// <param name="DirectiveId">The directive.</param>
/// <param name="ValidFrom">From when the ban applies again.</param>
/// <param name="Source">Where the reinstatement came from.</param>
public sealed record BanReinstated(string DirectiveId, DateTimeOffset ValidFrom, Source? Source = null) : ILedgerEvent, ISourced
{
    /// <summary>The declaration of <c>ban_reinstated</c>: stream, field checks, write rule, keys and what a decision reads.</summary>
    internal static EventKind<BanReinstated> Kind { get; } = new("ban_reinstated", TimelineKind.Directive, x => x.DirectiveId)
    {
        Decision = DecisionRead.InEffect,
        Fields = (c, x) => c.Id("directiveId", x.DirectiveId).Source(x.Source).Done(x),
        Rule = (x, state) =>
        {
            WriteRules.RequireSuspension(WriteRules.RequireLiveBan(state, x.DirectiveId, "reinstated").Validity, x.ValidFrom, $"directive {x.DirectiveId}");
        },
        Text = x => $"ban {x.DirectiveId} reinstated{FactText.Cited(x.Source)}",
    };
}

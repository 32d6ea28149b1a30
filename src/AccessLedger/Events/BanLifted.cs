using AccessLedger.Rules;
using AccessLedger.Timelines;

namespace AccessLedger.Events;

/// <summary><c>ban_lifted</c> on <c>directive-{directiveId}</c>: the ban ends.</summary>
/// <param name="DirectiveId">The directive lifted.</param>
/// <param name="ValidFrom">From when.</param>
public sealed record BanLifted(string DirectiveId, DateTimeOffset ValidFrom) : ILedgerEvent
{
    /// <summary>The declaration of <c>ban_lifted</c>: stream, field checks, write rule, keys and what a decision reads.</summary>
    internal static EventKind<BanLifted> Kind { get; } = new("ban_lifted", TimelineKind.Directive, x => x.DirectiveId)
    {
        Decision = DecisionRead.InEffect,
        Fields = (c, x) => c.Id("directiveId", x.DirectiveId).Done(x),
        Rule = (x, state) => WriteRules.Require(
            WriteRules.RequireIssued(state, x.DirectiveId, "lifted").Lifts.Count == 0, ErrorCodes.AlreadyEnded, $"directive {x.DirectiveId} was lifted already."),
        Text = x => $"ban {x.DirectiveId} lifted",
    };
}

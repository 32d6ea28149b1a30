using AccessLedger.Rules;
using AccessLedger.Timelines;

namespace AccessLedger.Events;

/// <summary><c>negotiation_opened</c> on <c>negotiation-{caseId}</c>: talks about directives begin.</summary>
/// <param name="CaseId">The case's slug.</param>
/// <param name="DirectiveIds">The directives under negotiation.</param>
/// <param name="Parties">Who takes part.</param>
/// <param name="ValidFrom">From when.</param>
public sealed record NegotiationOpened(string CaseId, IReadOnlyList<string> DirectiveIds, IReadOnlyList<string> Parties, DateTimeOffset ValidFrom) : ILedgerEvent
{
    /// <summary>The declaration of <c>negotiation_opened</c>: stream, field checks, write rule, keys and what a decision reads.</summary>
    internal static EventKind<NegotiationOpened> Kind { get; } = new("negotiation_opened", TimelineKind.Negotiation, x => x.CaseId)
    {
        Keys = [KeyList.Directives(nameof(DirectiveIds))],
        Fields = (c, x) => c.Id("caseId", x.CaseId).Ids("directiveIds", x.DirectiveIds, nonEmpty: true).Texts("parties", x.Parties, nonEmpty: true).Done(x),
        Rule = (x, state) => WriteRules.Require(
            state.Find<NegotiationTimeline>(x.CaseId)?.Opened is null, ErrorCodes.AlreadyExists, $"negotiation {x.CaseId} was opened already."),
        Text = x => $"negotiation {x.CaseId} on {FactText.List(x.DirectiveIds)} opened between {FactText.List(x.Parties)}",
    };
}

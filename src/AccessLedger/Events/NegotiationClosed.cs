using AccessLedger.Rules;
using AccessLedger.Timelines;

namespace AccessLedger.Events;

/// <summary><c>negotiation_closed</c> on <c>negotiation-{caseId}</c>: talks end.</summary>
/// <param name="CaseId">The case closed.</param>
/// <param name="Outcome">What came of it, in words.</param>
/// <param name="ValidFrom">From when.</param>
public sealed record NegotiationClosed(string CaseId, string Outcome, DateTimeOffset ValidFrom) : ILedgerEvent
{
    /// <summary>The declaration of <c>negotiation_closed</c>: stream, field checks, write rule, keys and what a decision reads.</summary>
    internal static EventKind<NegotiationClosed> Kind { get; } = new("negotiation_closed", TimelineKind.Negotiation, x => x.CaseId)
    {
        Fields = (c, x) => c.Id("caseId", x.CaseId).Text("outcome", x.Outcome).Done(x),
        Rule = (x, state) =>
        {
            var negotiation = state.Find<NegotiationTimeline>(x.CaseId);
            WriteRules.Require(negotiation?.Opened is not null, ErrorCodes.UnknownNegotiation, $"negotiation {x.CaseId} was never opened, so it cannot be closed.");
            WriteRules.Require(negotiation!.Closings.Count == 0, ErrorCodes.AlreadyEnded, $"negotiation {x.CaseId} was closed already.");
        },
        Text = x => $"negotiation {x.CaseId} closed: {x.Outcome}",
    };
}

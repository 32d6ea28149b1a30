namespace AccessLedger.Events;

/// <summary><c>negotiation_closed</c> on <c>negotiation-{caseId}</c>: talks end.</summary>
/// <param name="CaseId">The case closed.</param>
/// <param name="Outcome">What came of it, in words.</param>
/// <param name="ValidFrom">From when.</param>
public sealed record NegotiationClosed(string CaseId, string Outcome, DateTimeOffset ValidFrom) : ILedgerEvent;

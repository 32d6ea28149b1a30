namespace AccessLedger.Events;

/// <summary><c>negotiation_opened</c> on <c>negotiation-{caseId}</c>: talks about directives begin.</summary>
/// <param name="CaseId">The case's slug.</param>
/// <param name="DirectiveIds">The directives under negotiation.</param>
/// <param name="Parties">Who takes part.</param>
/// <param name="ValidFrom">From when.</param>
public sealed record NegotiationOpened(string CaseId, IReadOnlyList<string> DirectiveIds, IReadOnlyList<string> Parties, DateTimeOffset ValidFrom) : ILedgerEvent;

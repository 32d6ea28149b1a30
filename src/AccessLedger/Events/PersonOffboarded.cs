namespace AccessLedger.Events;

/// <summary><c>person_offboarded</c> on <c>person-{personId}</c>: a person leaves.</summary>
/// <param name="PersonId">The person.</param>
/// <param name="ValidFrom">From when.</param>
public sealed record PersonOffboarded(string PersonId, DateTimeOffset ValidFrom) : ILedgerEvent;

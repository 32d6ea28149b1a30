namespace AccessLedger.Events;

/// <summary><c>person_relocated</c> on <c>person-{personId}</c>: a person is now elsewhere.</summary>
/// <param name="PersonId">The person.</param>
/// <param name="Location">Where (ISO 3166-1 alpha-2).</param>
/// <param name="ValidFrom">From when.</param>
public sealed record PersonRelocated(string PersonId, string Location, DateTimeOffset ValidFrom) : ILedgerEvent;

namespace AccessLedger.Events;

/// <summary><c>exception_amended</c> on <c>exception-{exceptionId}</c>: organizations added to or removed from the beneficiaries.</summary>
/// <param name="ExceptionId">The exception amended.</param>
/// <param name="AddOrganizations">Organizations whose employees it relieves from now on.</param>
/// <param name="RemoveOrganizations">Organizations it no longer relieves.</param>
/// <param name="ValidFrom">From when.</param>
public sealed record ExceptionAmended(string ExceptionId, IReadOnlyList<string> AddOrganizations, IReadOnlyList<string> RemoveOrganizations, DateTimeOffset ValidFrom) : ILedgerEvent;

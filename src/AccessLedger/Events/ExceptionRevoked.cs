namespace AccessLedger.Events;

/// <summary><c>exception_revoked</c> on <c>exception-{exceptionId}</c>: the relief ends.</summary>
/// <param name="ExceptionId">The exception revoked.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="ValidFrom">From when.</param>
public sealed record ExceptionRevoked(string ExceptionId, string Reason, DateTimeOffset ValidFrom) : ILedgerEvent;

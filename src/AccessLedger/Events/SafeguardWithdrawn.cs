namespace AccessLedger.Events;

/// <summary><c>safeguard_withdrawn</c> on <c>safeguard-{certificationId}</c>: a certification no longer holds.</summary>
/// <param name="CertificationId">The certification withdrawn.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="ValidFrom">From when.</param>
public sealed record SafeguardWithdrawn(string CertificationId, string Reason, DateTimeOffset ValidFrom) : ILedgerEvent;

namespace AccessLedger.Events;

/// <summary><c>safeguard_certified</c> on <c>safeguard-{certificationId}</c>: a provider's controls are certified.</summary>
/// <param name="CertificationId">The certification's slug.</param>
/// <param name="ProviderId">The provider certified.</param>
/// <param name="Models">The models it covers.</param>
/// <param name="CertifiedBy">The certifying body.</param>
/// <param name="Controls">The controls certified.</param>
/// <param name="ValidFrom">From when.</param>
/// <param name="ValidTo">Until when, if it expires (exclusive).</param>
public sealed record SafeguardCertified(
    string CertificationId,
    string ProviderId,
    IReadOnlyList<string> Models,
    string CertifiedBy,
    IReadOnlyList<string> Controls,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ValidTo = null) : ILedgerEvent;

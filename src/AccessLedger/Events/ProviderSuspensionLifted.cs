namespace AccessLedger.Events;

/// <summary><c>provider_suspension_lifted</c> on <c>suspension-{suspensionId}</c>: models switched back on.</summary>
/// <param name="SuspensionId">The suspension lifted.</param>
/// <param name="Models">The models it is lifted for; empty means every model it covered.</param>
/// <param name="ValidFrom">From when.</param>
public sealed record ProviderSuspensionLifted(string SuspensionId, IReadOnlyList<string> Models, DateTimeOffset ValidFrom) : ILedgerEvent;

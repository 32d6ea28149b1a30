namespace AccessLedger.Events;

/// <summary><c>provider_suspension_started</c> on <c>suspension-{suspensionId}</c>: the provider switched models off.</summary>
/// <param name="SuspensionId">The suspension's slug.</param>
/// <param name="Models">The models switched off.</param>
/// <param name="Scope">Whom it reaches.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="ValidFrom">From when.</param>
public sealed record ProviderSuspensionStarted(string SuspensionId, IReadOnlyList<string> Models, SuspensionScope Scope, string Reason, DateTimeOffset ValidFrom) : ILedgerEvent;

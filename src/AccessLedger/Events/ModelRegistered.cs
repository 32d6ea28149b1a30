namespace AccessLedger.Events;

/// <summary><c>model_registered</c> on <c>model-{modelId}</c>: a model exists from <see cref="ValidFrom"/>.</summary>
/// <param name="ModelId">The model's slug.</param>
/// <param name="ProviderId">The provider that serves it.</param>
/// <param name="Name">Its display name.</param>
/// <param name="Availability">General, or restricted to provisioned organizations.</param>
/// <param name="ValidFrom">When it became available.</param>
public sealed record ModelRegistered(string ModelId, string ProviderId, string Name, ModelAvailability Availability, DateTimeOffset ValidFrom) : ILedgerEvent;

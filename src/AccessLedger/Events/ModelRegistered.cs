using AccessLedger.Rules;
using AccessLedger.Timelines;
using AccessLedger.Wire;

namespace AccessLedger.Events;

/// <summary><c>model_registered</c> on <c>model-{modelId}</c>: a model exists from <see cref="ValidFrom"/>.</summary>
/// <param name="ModelId">The model's slug.</param>
/// <param name="ProviderId">The provider that serves it.</param>
/// <param name="Name">Its display name.</param>
/// <param name="Availability">General, or restricted to provisioned organizations.</param>
/// <param name="ValidFrom">When it became available.</param>
public sealed record ModelRegistered(string ModelId, string ProviderId, string Name, ModelAvailability Availability, DateTimeOffset ValidFrom) : ILedgerEvent
{
    /// <summary>The declaration of <c>model_registered</c>: stream, field checks, write rule, keys and what a decision reads.</summary>
    internal static EventKind<ModelRegistered> Kind { get; } = new("model_registered", TimelineKind.Model, x => x.ModelId)
    {
        Decision = DecisionRead.Always,
        Fields = (c, x) => c.Id("modelId", x.ModelId).Id("providerId", x.ProviderId).Text("name", x.Name).Enum("availability", x.Availability).Done(x),
        Rule = (x, state) => WriteRules.Require(
            state.Find<ModelTimeline>(x.ModelId) is not { Registrations.Count: > 0 }, ErrorCodes.AlreadyExists, $"model {x.ModelId} is registered already."),
        Text = x => $"model {x.ModelId} ({x.Name}) of {x.ProviderId} registered, {LedgerJson.Name(x.Availability)}",
    };
}

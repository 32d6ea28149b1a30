using AccessLedger.Rules;
using AccessLedger.Timelines;

namespace AccessLedger.Events;

/// <summary>
/// <c>model_classified</c> on <c>model-{modelId}</c>: from <see cref="ValidFrom"/> on, the model's classes are
/// exactly <see cref="Classes"/> (a later classification replaces an earlier one; an empty list declassifies).
/// </summary>
/// <param name="ModelId">The model.</param>
/// <param name="Classes">Its classes, e.g. <c>mythos-class</c>.</param>
/// <param name="ValidFrom">From when.</param>
public sealed record ModelClassified(string ModelId, IReadOnlyList<string> Classes, DateTimeOffset ValidFrom) : ILedgerEvent
{
    /// <summary>The declaration of <c>model_classified</c>: stream, field checks, write rule, keys and what a decision reads.</summary>
    internal static EventKind<ModelClassified> Kind { get; } = new("model_classified", TimelineKind.Model, x => x.ModelId)
    {
        Keys = [KeyList.Classes(nameof(Classes))],
        Decision = DecisionRead.Always,
        Fields = (c, x) => c.Id("modelId", x.ModelId).Ids("classes", x.Classes, nonEmpty: false).Done(x),
        Rule = (x, state) => WriteRules.Require(
            state.Find<ModelTimeline>(x.ModelId) is { Registrations.Count: > 0 }, ErrorCodes.UnknownModel, $"model {x.ModelId} is not registered, so it cannot be classified."),
        Text = x => x.Classes.Count == 0 ? $"model {x.ModelId} declassified" : $"model {x.ModelId} classified as {FactText.List(x.Classes)}",
    };
}

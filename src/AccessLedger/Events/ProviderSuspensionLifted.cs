using AccessLedger.Rules;
using AccessLedger.Timelines;

namespace AccessLedger.Events;

/// <summary><c>provider_suspension_lifted</c> on <c>suspension-{suspensionId}</c>: models switched back on.</summary>
/// <param name="SuspensionId">The suspension lifted.</param>
/// <param name="Models">The models it is lifted for; empty means every model it covered.</param>
/// <param name="ValidFrom">From when.</param>
public sealed record ProviderSuspensionLifted(string SuspensionId, IReadOnlyList<string> Models, DateTimeOffset ValidFrom) : ILedgerEvent
{
    /// <summary>The declaration of <c>provider_suspension_lifted</c>: stream, field checks, write rule, keys and what a decision reads.</summary>
    internal static EventKind<ProviderSuspensionLifted> Kind { get; } = new("provider_suspension_lifted", TimelineKind.Suspension, x => x.SuspensionId)
    {
        Keys = [KeyList.Models(nameof(Models))],
        Decision = DecisionRead.InEffect,
        Fields = (c, x) => c.Id("suspensionId", x.SuspensionId).Ids("models", x.Models, nonEmpty: false).Done(x),
        Rule = (x, state) =>
        {
            var suspension = state.Find<SuspensionTimeline>(x.SuspensionId);
            WriteRules.Require(suspension?.Started is not null, ErrorCodes.UnknownSuspension, $"suspension {x.SuspensionId} was never started, so it cannot be lifted.");
            var stillSuspended = suspension!.ModelsStillSuspended().ToHashSet();
            WriteRules.Require(stillSuspended.Count > 0, ErrorCodes.AlreadyEnded, $"suspension {x.SuspensionId} is lifted for every model already.");
            var notSuspended = x.Models.Where(m => !stillSuspended.Contains(m)).ToList();
            WriteRules.Require(
                notSuspended.Count == 0, ErrorCodes.AlreadyEnded, $"suspension {x.SuspensionId} does not hold for {string.Join(", ", notSuspended)}, so it cannot be lifted for it.");
        },
        Text = x => $"suspension {x.SuspensionId} lifted for {(x.Models.Count == 0 ? "all its models" : FactText.List(x.Models))}",
    };
}

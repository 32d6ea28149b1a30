using AccessLedger.Rules;
using AccessLedger.Timelines;

namespace AccessLedger.Events;

/// <summary><c>provider_suspension_started</c> on <c>suspension-{suspensionId}</c>: the provider switched models off.</summary>
/// <param name="SuspensionId">The suspension's slug.</param>
/// <param name="Models">The models switched off.</param>
/// <param name="Scope">Whom it reaches.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="ValidFrom">From when.</param>
public sealed record ProviderSuspensionStarted(string SuspensionId, IReadOnlyList<string> Models, SuspensionScope Scope, string Reason, DateTimeOffset ValidFrom) : ILedgerEvent
{
    /// <summary>The declaration of <c>provider_suspension_started</c>: stream, field checks, write rule, keys and what a decision reads.</summary>
    internal static EventKind<ProviderSuspensionStarted> Kind { get; } = new("provider_suspension_started", TimelineKind.Suspension, x => x.SuspensionId)
    {
        Keys = [KeyList.Models(nameof(Models))],
        Decision = DecisionRead.Always,
        Fields = (c, x) => c.Id("suspensionId", x.SuspensionId).Ids("models", x.Models, nonEmpty: true).Enum("scope", x.Scope).Text("reason", x.Reason).Done(x),
        Rule = (x, state) => WriteRules.Require(
            state.Find<SuspensionTimeline>(x.SuspensionId)?.Started is null, ErrorCodes.AlreadyExists, $"suspension {x.SuspensionId} was started already."),
        Text = x => $"provider suspension {x.SuspensionId} of {FactText.List(x.Models)} for {(x.Scope == SuspensionScope.AllUsers ? "all users" : "foreign persons")}: {x.Reason}",
    };
}

using AccessLedger.Rules;
using AccessLedger.Timelines;

namespace AccessLedger.Events;

/// <summary><c>safeguard_withdrawn</c> on <c>safeguard-{certificationId}</c>: a certification no longer holds.</summary>
/// <param name="CertificationId">The certification withdrawn.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="ValidFrom">From when.</param>
public sealed record SafeguardWithdrawn(string CertificationId, string Reason, DateTimeOffset ValidFrom) : ILedgerEvent
{
    /// <summary>The declaration of <c>safeguard_withdrawn</c>: stream, field checks, write rule, keys and what a decision reads.</summary>
    internal static EventKind<SafeguardWithdrawn> Kind { get; } = new("safeguard_withdrawn", TimelineKind.Safeguard, x => x.CertificationId)
    {
        Decision = DecisionRead.InEffect,
        Fields = (c, x) => c.Id("certificationId", x.CertificationId).Text("reason", x.Reason).Done(x),
        Rule = (x, state) =>
        {
            var safeguard = state.Find<SafeguardTimeline>(x.CertificationId);
            WriteRules.Require(safeguard?.Certified is not null, ErrorCodes.UnknownSafeguard, $"safeguard {x.CertificationId} was never certified, so it cannot be withdrawn.");
            WriteRules.Require(safeguard!.Withdrawals.Count == 0, ErrorCodes.AlreadyEnded, $"safeguard {x.CertificationId} was withdrawn already.");
        },
        Text = x => $"safeguard {x.CertificationId} withdrawn: {x.Reason}",
    };
}

using AccessLedger.Rules;
using AccessLedger.Timelines;

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
    DateTimeOffset? ValidTo = null) : ILedgerEvent
{
    /// <summary>The declaration of <c>safeguard_certified</c>: stream, field checks, write rule, keys and what a decision reads.</summary>
    internal static EventKind<SafeguardCertified> Kind { get; } = new("safeguard_certified", TimelineKind.Safeguard, x => x.CertificationId)
    {
        Decision = DecisionRead.Always,
        Fields = (c, x) => c.Id("certificationId", x.CertificationId).Id("providerId", x.ProviderId).Ids("models", x.Models, nonEmpty: true)
            .Text("certifiedBy", x.CertifiedBy).Texts("controls", x.Controls, nonEmpty: true).Interval(x.ValidFrom, x.ValidTo).Done(x),
        Rule = (x, state) => WriteRules.Require(
            state.Find<SafeguardTimeline>(x.CertificationId)?.Certified is null, ErrorCodes.AlreadyExists, $"safeguard {x.CertificationId} was certified already."),
        ValidTo = x => x.ValidTo,
        Text = x => $"safeguard {x.CertificationId} of {x.ProviderId} for {FactText.List(x.Models)} certified by {x.CertifiedBy}",
    };
}

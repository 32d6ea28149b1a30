using AccessLedger.Rules;
using AccessLedger.Timelines;

namespace AccessLedger.Events;

/// <summary><c>partner_deprovisioned</c> on <c>org-{orgId}</c>: an organization loses access to a model.</summary>
/// <param name="OrgId">The organization.</param>
/// <param name="ModelId">The model.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="ValidFrom">From when.</param>
public sealed record PartnerDeprovisioned(string OrgId, string ModelId, string Reason, DateTimeOffset ValidFrom) : ILedgerEvent
{
    /// <summary>The declaration of <c>partner_deprovisioned</c>: stream, field checks, write rule, keys and what a decision reads.</summary>
    internal static EventKind<PartnerDeprovisioned> Kind { get; } = new("partner_deprovisioned", TimelineKind.Organization, x => x.OrgId)
    {
        Fields = (c, x) => c.Id("orgId", x.OrgId).Id("modelId", x.ModelId).Text("reason", x.Reason).Done(x),
        Rule = (x, state) =>
        {
            WriteRules.RequireOrganization(state, x.OrgId, "deprovisioned").ProvisioningChangeAt(x.ModelId, x.ValidFrom, Knowledge.Now, out var provisioned);
            WriteRules.Require(
                provisioned, ErrorCodes.NotProvisioned, $"organization {x.OrgId} is not provisioned for {x.ModelId} at {x.ValidFrom:O}, so it cannot be deprovisioned.");
        },
        Text = x => $"{x.OrgId} deprovisioned from {x.ModelId}: {x.Reason}",
    };
}

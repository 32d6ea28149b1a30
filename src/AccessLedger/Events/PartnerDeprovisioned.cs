namespace AccessLedger.Events;

/// <summary><c>partner_deprovisioned</c> on <c>org-{orgId}</c>: an organization loses access to a model.</summary>
/// <param name="OrgId">The organization.</param>
/// <param name="ModelId">The model.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="ValidFrom">From when.</param>
public sealed record PartnerDeprovisioned(string OrgId, string ModelId, string Reason, DateTimeOffset ValidFrom) : ILedgerEvent;

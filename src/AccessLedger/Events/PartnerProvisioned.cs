namespace AccessLedger.Events;

/// <summary><c>partner_provisioned</c> on <c>org-{orgId}</c>: an organization is given access to a model.</summary>
/// <param name="OrgId">The organization.</param>
/// <param name="ModelId">The model.</param>
/// <param name="ExceptionId">The exception under which it is provisioned, if any.</param>
/// <param name="ValidFrom">From when.</param>
public sealed record PartnerProvisioned(string OrgId, string ModelId, DateTimeOffset ValidFrom, string? ExceptionId = null) : ILedgerEvent;

namespace AccessLedger.Events;

/// <summary><c>organization_registered</c> on <c>org-{orgId}</c>: a customer or provider organization.</summary>
/// <param name="OrgId">The organization's slug.</param>
/// <param name="Name">Its name.</param>
/// <param name="Country">Where it is incorporated (ISO 3166-1 alpha-2).</param>
/// <param name="UsPerson">Whether it is a US-incorporated entity, a US person.</param>
/// <param name="ValidFrom">From when.</param>
public sealed record OrganizationRegistered(string OrgId, string Name, string Country, bool UsPerson, DateTimeOffset ValidFrom) : ILedgerEvent;

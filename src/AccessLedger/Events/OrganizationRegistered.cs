using AccessLedger.Rules;
using AccessLedger.Timelines;

namespace AccessLedger.Events;

/// <summary><c>organization_registered</c> on <c>org-{orgId}</c>: a customer or provider organization.</summary>
/// <param name="OrgId">The organization's slug.</param>
/// <param name="Name">Its name.</param>
/// <param name="Country">Where it is incorporated (ISO 3166-1 alpha-2).</param>
/// <param name="UsPerson">Whether it is a US-incorporated entity, a US person.</param>
/// <param name="ValidFrom">From when.</param>
public sealed record OrganizationRegistered(string OrgId, string Name, string Country, bool UsPerson, DateTimeOffset ValidFrom) : ILedgerEvent
{
    /// <summary>The declaration of <c>organization_registered</c>: stream, field checks, write rule, keys and what a decision reads.</summary>
    internal static EventKind<OrganizationRegistered> Kind { get; } = new("organization_registered", TimelineKind.Organization, x => x.OrgId)
    {
        Fields = (c, x) => c.Id("orgId", x.OrgId).Text("name", x.Name).Done(x with { Country = c.Country("country", x.Country) }),
        Rule = (x, state) => WriteRules.Require(
            state.Find<OrganizationTimeline>(x.OrgId)?.Registered is null, ErrorCodes.AlreadyExists, $"organization {x.OrgId} is registered already."),
        Text = x => $"organization {x.OrgId} ({x.Name}, {x.Country}{(x.UsPerson ? ", a US person" : "")}) registered",
    };
}

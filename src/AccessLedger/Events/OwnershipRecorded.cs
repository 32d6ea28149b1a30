using AccessLedger.Rules;
using AccessLedger.Timelines;

namespace AccessLedger.Events;

/// <summary>
/// <c>ownership_recorded</c> on <c>org-{orgId}</c> (LEDGER.md section 7.1): from <see cref="ValidFrom"/> on, the
/// organization's direct owners are exactly these (an empty list: it has none the ledger knows of). What the 50 % rule
/// of a <c>parties</c> ban with <c>affiliates</c> reads.
/// </summary>
/// <param name="OrgId">The organization owned.</param>
/// <param name="Owners">Its direct owners with their shares; the shares add up to at most 100.</param>
/// <param name="ValidFrom">From when.</param>
public sealed record OwnershipRecorded(string OrgId, IReadOnlyList<Owner> Owners, DateTimeOffset ValidFrom) : ILedgerEvent
{
    /// <summary>The declaration of <c>ownership_recorded</c>: stream, field checks, write rule and what the rule reads.</summary>
    internal static EventKind<OwnershipRecorded> Kind { get; } = new("ownership_recorded", TimelineKind.Organization, x => x.OrgId)
    {
        Fields = (c, x) => c.Id("orgId", x.OrgId).Done(x with { Owners = c.Owners(x.OrgId, x.Owners) }),
        Rule = (x, state) =>
        {
            WriteRules.RequireOrganization(state, x.OrgId, "owned");
            foreach (var owner in x.Owners)
            {
                WriteRules.Require(
                    state.Find<OrganizationTimeline>(owner.OrgId)?.Registered is not null,
                    ErrorCodes.UnknownOrganization,
                    $"organization {owner.OrgId} is not registered, so it cannot be recorded as an owner of {x.OrgId}.");
            }
        },
        RuleReads = x => x.Owners.Select(o => TimelineKind.Organization.Key(o.OrgId)),
        Text = x => x.Owners.Count == 0
            ? $"{x.OrgId} has no recorded owners"
            : $"{x.OrgId} is owned by {string.Join(", ", x.Owners.Select(o => $"{o.OrgId} ({FactText.Percent(o.Percent)})"))}",
    };
}

/// <summary>A direct owner of an organization and its share (LEDGER.md section 7.1).</summary>
/// <param name="OrgId">The owning organization.</param>
/// <param name="Percent">Its share, a number in (0, 100].</param>
public sealed record Owner(string OrgId, decimal Percent);

using AccessLedger.Events;

namespace AccessLedger.Timelines;

/// <summary>An organization: its registration, its provisioning for models and its direct owners.</summary>
internal sealed class OrganizationTimeline : Timeline
{
    /// <summary>The folds of an organization's stream.</summary>
    public static IReadOnlyList<Fold> Folds { get; } =
    [
        Fold.On<OrganizationRegistered, OrganizationTimeline>(x => x.OrgId, (o, x, at) => o.Open(at, () => o.Registered ??= new(x, at))),
        Fold.On<PartnerProvisioned, OrganizationTimeline>(x => x.OrgId, (o, x, at) => o.Add(o.Provisionings, x, at)),
        Fold.On<PartnerDeprovisioned, OrganizationTimeline>(x => x.OrgId, (o, x, at) => o.Add(o.Deprovisionings, x, at)),
        Fold.On<OwnershipRecorded, OrganizationTimeline>(x => x.OrgId, (o, x, at) => o.Add(o.Ownerships, x, at)),
    ];

    /// <summary>The <c>organization_registered</c> fact (null while only referenced).</summary>
    public Recorded<OrganizationRegistered>? Registered { get; set; }

    /// <summary><c>partner_provisioned</c> facts.</summary>
    public List<Recorded<PartnerProvisioned>> Provisionings { get; set; } = [];

    /// <summary><c>partner_deprovisioned</c> facts.</summary>
    public List<Recorded<PartnerDeprovisioned>> Deprovisionings { get; set; } = [];

    /// <summary><c>ownership_recorded</c> facts.</summary>
    public List<Recorded<OwnershipRecorded>> Ownerships { get; set; } = [];

    /// <inheritdoc/>
    public override IEnumerable<(ILedgerEvent Event, EventRef Ref)> Facts() => [.. Of(Registered), .. Of(Provisionings), .. Of(Deprovisionings), .. Of(Ownerships)];

    /// <summary>The ownership in effect at T as known at K: the latest <c>ownership_recorded</c> by valid time (then recording), if any.</summary>
    public Recorded<OwnershipRecorded>? OwnershipAt(DateTimeOffset at, Knowledge knowledge) => knowledge.Latest(Ownerships, at);

    /// <summary>The registration, if the organization is registered at T as known at K.</summary>
    public Recorded<OrganizationRegistered>? RegistrationAt(DateTimeOffset at, Knowledge knowledge) =>
        Registered is { } r && knowledge.Knows(r) && r.Event.ValidFrom <= at ? r : null;

    /// <summary>
    /// The provisioning change for the model in effect at T as known at K: the last of its provisionings and
    /// deprovisionings by valid time (then recording). The organization is provisioned when it is a provisioning.
    /// </summary>
    public EventRef? ProvisioningChangeAt(string modelId, DateTimeOffset at, Knowledge knowledge, out bool provisioned)
    {
        var lastOn = knowledge.Latest(Provisionings, at, p => p.ModelId == modelId);
        var lastOff = knowledge.Latest(Deprovisionings, at, p => p.ModelId == modelId);
        provisioned = lastOn is not null && (lastOff is null || Later(lastOn.Ref, lastOff.Ref));
        return provisioned ? lastOn!.Ref : lastOff?.Ref;
    }
}

using AccessLedger.Events;

namespace AccessLedger.Timelines;

/// <summary>An exception: its grant, amendments of the beneficiary organizations, and revocation.</summary>
internal sealed class ExceptionTimeline : Timeline
{
    /// <summary>The folds of an exception's stream.</summary>
    public static IReadOnlyList<Fold> Folds { get; } =
    [
        Fold.On<ExceptionGranted, ExceptionTimeline>(x => x.ExceptionId, (t, x, at) =>
        {
            t.Open(at, () => t.Granted ??= new(x, at));
            AddIds(t.RequiredSafeguardIds, x.RequiresSafeguards);
        }),
        Fold.On<ExceptionAmended, ExceptionTimeline>(x => x.ExceptionId, (t, x, at) => t.Add(t.Amendments, x, at)),
        Fold.On<ExceptionRevoked, ExceptionTimeline>(x => x.ExceptionId, (t, x, at) => t.Add(t.Revocations, x, at)),
    ];

    /// <summary>The <c>exception_granted</c> fact (null while only referenced).</summary>
    public Recorded<ExceptionGranted>? Granted { get; set; }

    /// <summary><c>exception_amended</c> facts.</summary>
    public List<Recorded<ExceptionAmended>> Amendments { get; set; } = [];

    /// <summary><c>exception_revoked</c> facts.</summary>
    public List<Recorded<ExceptionRevoked>> Revocations { get; set; } = [];

    /// <summary>The certifications the grant requires (kept apart so a decision can load them in the same query).</summary>
    public List<string> RequiredSafeguardIds { get; set; } = [];

    /// <inheritdoc/>
    public override IEnumerable<(ILedgerEvent Event, EventRef Ref)> Facts() => [.. Of(Granted), .. Of(Amendments), .. Of(Revocations)];

    /// <summary>Whether the exception is in force at T as known at K: granted, started, not expired, not revoked.</summary>
    public bool InForceAt(DateTimeOffset at, Knowledge knowledge) =>
        Granted is { } granted && knowledge.Knows(granted)
        && Contains(granted.Event.ValidFrom, granted.Event.ValidTo, at)
        && !knowledge.AnyInEffect(Revocations, at);

    /// <summary>The beneficiary organizations at T as known at K, after amendments.</summary>
    public IReadOnlySet<string> OrganizationsAt(DateTimeOffset at, Knowledge knowledge)
    {
        var organizations = new HashSet<string>(
            Granted?.Event.Beneficiaries.OfType<OrganizationEmployees>().SelectMany(b => b.Organizations) ?? [],
            StringComparer.Ordinal);
        foreach (var amendment in knowledge.InEffect(Amendments, at))
        {
            organizations.UnionWith(amendment.Event.AddOrganizations);
            organizations.ExceptWith(amendment.Event.RemoveOrganizations);
        }

        return organizations;
    }
}

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
        .. Validity.Folds<ExceptionTimeline, ExceptionValidityChanged, ExceptionSuspended, ExceptionReinstated>(x => x.ExceptionId, x => x.ExceptionId, x => x.ExceptionId, t => t.Validity),
    ];

    /// <summary>The <c>exception_granted</c> fact (null while only referenced).</summary>
    public Recorded<ExceptionGranted>? Granted { get; set; }

    /// <summary><c>exception_amended</c> facts.</summary>
    public List<Recorded<ExceptionAmended>> Amendments { get; set; } = [];

    /// <summary><c>exception_revoked</c> facts.</summary>
    public List<Recorded<ExceptionRevoked>> Revocations { get; set; } = [];

    /// <summary>The certifications the grant requires (kept apart so a decision can load them in the same query).</summary>
    public List<string> RequiredSafeguardIds { get; set; } = [];

    /// <summary>Validity changes, suspensions and reinstatements (LEDGER.md section 7.2).</summary>
    public Validity Validity { get; } = new();

    /// <inheritdoc/>
    public override IEnumerable<(ILedgerEvent Event, EventRef Ref)> Facts() => [.. Of(Granted), .. Of(Amendments), .. Of(Revocations), .. Validity.Facts()];

    /// <summary>
    /// Why the exception is not in force at T as known at K (granted, started, not ended by its own validTo or the
    /// latest validity change in effect, not revoked, not suspended), or null when it is; <paramref name="change"/>
    /// is the validity change that set its end then, if any (cited in the allowing chain).
    /// </summary>
    public string? NotInForceAt(DateTimeOffset at, Knowledge knowledge, out EventRef? change)
    {
        change = null;
        if (Granted is not { } granted || !knowledge.Knows(granted))
        {
            return "is not granted then";
        }

        var end = Validity.EndAt(granted.Event.ValidTo, at, knowledge, out var changed);
        change = changed?.Ref;
        if (granted.Event.ValidFrom > at)
        {
            return $"is not yet in force: it starts {Wire.LedgerJson.Format(granted.Event.ValidFrom)}";
        }

        if (end is { } to && at >= to)
        {
            return $"expired {Wire.LedgerJson.Format(to)}";
        }

        if (knowledge.AnyInEffect(Revocations, at))
        {
            return "is revoked";
        }

        return Validity.SuspensionAt(at, knowledge) is { } suspension ? $"is suspended since {Wire.LedgerJson.Format(suspension.Event.ValidFrom)}" : null;
    }

    /// <summary>Whether the exception is in force at T as known at K.</summary>
    public bool InForceAt(DateTimeOffset at, Knowledge knowledge) => NotInForceAt(at, knowledge, out _) is null;

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

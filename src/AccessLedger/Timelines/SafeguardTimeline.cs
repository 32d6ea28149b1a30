using AccessLedger.Events;

namespace AccessLedger.Timelines;

/// <summary>A safeguard certification: certified, and perhaps withdrawn.</summary>
internal sealed class SafeguardTimeline : Timeline
{
    /// <summary>The folds of a certification's stream.</summary>
    public static IReadOnlyList<Fold> Folds { get; } =
    [
        Fold.On<SafeguardCertified, SafeguardTimeline>(x => x.CertificationId, (g, x, at) => g.Open(at, () => g.Certified ??= new(x, at))),
        Fold.On<SafeguardWithdrawn, SafeguardTimeline>(x => x.CertificationId, (g, x, at) => g.Add(g.Withdrawals, x, at)),
    ];

    /// <summary>The <c>safeguard_certified</c> fact (null while only referenced).</summary>
    public Recorded<SafeguardCertified>? Certified { get; set; }

    /// <summary><c>safeguard_withdrawn</c> facts.</summary>
    public List<Recorded<SafeguardWithdrawn>> Withdrawals { get; set; } = [];

    /// <inheritdoc/>
    public override IEnumerable<(ILedgerEvent Event, EventRef Ref)> Facts() => [.. Of(Certified), .. Of(Withdrawals)];

    /// <summary>Whether the certification holds at T as known at K: certified, started, not expired, not withdrawn.</summary>
    public bool HoldsAt(DateTimeOffset at, Knowledge knowledge) =>
        Certified is { } certified && knowledge.Knows(certified)
        && Contains(certified.Event.ValidFrom, certified.Event.ValidTo, at)
        && !knowledge.AnyInEffect(Withdrawals, at);
}

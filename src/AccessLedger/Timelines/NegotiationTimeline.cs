using AccessLedger.Events;

namespace AccessLedger.Timelines;

/// <summary>A negotiation case: opened and closed. It records context for auditors; no decision gate reads it.</summary>
internal sealed class NegotiationTimeline : Timeline
{
    /// <summary>The folds of a negotiation's stream.</summary>
    public static IReadOnlyList<Fold> Folds { get; } =
    [
        Fold.On<NegotiationOpened, NegotiationTimeline>(x => x.CaseId, (n, x, at) => n.Open(at, () => n.Opened ??= new(x, at))),
        Fold.On<NegotiationClosed, NegotiationTimeline>(x => x.CaseId, (n, x, at) => n.Add(n.Closings, x, at)),
    ];

    /// <summary>The <c>negotiation_opened</c> fact (null while only referenced).</summary>
    public Recorded<NegotiationOpened>? Opened { get; set; }

    /// <summary><c>negotiation_closed</c> facts.</summary>
    public List<Recorded<NegotiationClosed>> Closings { get; set; } = [];

    /// <inheritdoc/>
    public override IEnumerable<(ILedgerEvent Event, EventRef Ref)> Facts() => [.. Of(Opened), .. Of(Closings)];
}

using AccessLedger.Events;

namespace AccessLedger.Timelines;

/// <summary>A negotiation case: opened and closed. It records context for auditors; no decision gate reads it.</summary>
internal sealed class NegotiationTimeline : Timeline
{
    /// <summary>The <c>negotiation_opened</c> fact (null while only referenced).</summary>
    public Recorded<NegotiationOpened>? Opened { get; set; }

    /// <summary><c>negotiation_closed</c> facts.</summary>
    public List<Recorded<NegotiationClosed>> Closings { get; set; } = [];
}

using AccessLedger.Events;

namespace AccessLedger.Timelines;

/// <summary>A safeguard certification: certified, and perhaps withdrawn.</summary>
internal sealed class SafeguardTimeline : Timeline
{
    /// <summary>The <c>safeguard_certified</c> fact (null while only referenced).</summary>
    public Recorded<SafeguardCertified>? Certified { get; set; }

    /// <summary><c>safeguard_withdrawn</c> facts.</summary>
    public List<Recorded<SafeguardWithdrawn>> Withdrawals { get; set; } = [];

    /// <summary>Whether the certification holds at T as known at K: certified, started, not expired, not withdrawn.</summary>
    public bool HoldsAt(DateTimeOffset at, Knowledge knowledge) =>
        Certified is { } certified && knowledge.Knows(certified)
        && Contains(certified.Event.ValidFrom, certified.Event.ValidTo, at)
        && !knowledge.AnyInEffect(Withdrawals, at);
}

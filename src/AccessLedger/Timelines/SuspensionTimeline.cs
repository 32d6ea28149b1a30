using AccessLedger.Events;

namespace AccessLedger.Timelines;

/// <summary>A provider suspension: started, and lifted for some or all of its models.</summary>
internal sealed class SuspensionTimeline : Timeline
{
    /// <summary>The folds of a suspension's stream.</summary>
    public static IReadOnlyList<Fold> Folds { get; } =
    [
        Fold.On<ProviderSuspensionStarted, SuspensionTimeline>(x => x.SuspensionId, (s, x, at) => s.Open(at, () => s.Started ??= new(x, at))),
        Fold.On<ProviderSuspensionLifted, SuspensionTimeline>(x => x.SuspensionId, (s, x, at) => s.Add(s.Lifts, x, at)),
    ];

    /// <summary>The <c>provider_suspension_started</c> fact (null while only referenced).</summary>
    public Recorded<ProviderSuspensionStarted>? Started { get; set; }

    /// <summary><c>provider_suspension_lifted</c> facts.</summary>
    public List<Recorded<ProviderSuspensionLifted>> Lifts { get; set; } = [];

    /// <inheritdoc/>
    public override IEnumerable<(ILedgerEvent Event, EventRef Ref)> Facts() => [.. Of(Started), .. Of(Lifts)];

    /// <summary>Whether the suspension covers the model at T as known at K: started for it and not lifted for it.</summary>
    public bool CoversAt(string modelId, DateTimeOffset at, Knowledge knowledge) =>
        Started is { } started && knowledge.Knows(started)
        && started.Event.ValidFrom <= at
        && started.Event.Models.Contains(modelId)
        && !knowledge.AnyInEffect(Lifts, at, l => l.Models.Count == 0 || l.Models.Contains(modelId));

    /// <summary>The models not yet lifted, as known now (the rule for a lift).</summary>
    public IEnumerable<string> ModelsStillSuspended() =>
        Lifts.Any(l => l.Event.Models.Count == 0) ? [] : (Started?.Event.Models ?? []).Except(Lifts.SelectMany(l => l.Event.Models));
}

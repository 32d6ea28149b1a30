using AccessLedger.Timelines;

namespace AccessLedger.Decisions;

/// <summary>
/// Everything one decision reads: the model, the person, their organizations, and the bans, exceptions,
/// safeguards and suspensions that name the model. Its size depends on what touches this model and person, never
/// on the length of the ledger.
/// </summary>
public sealed class DecisionState
{
    /// <summary>The model's timeline, if the ledger has one.</summary>
    public ModelTimeline? Model { get; init; }

    /// <summary>The person's timeline, for a decision about an enrolled person.</summary>
    public PersonTimeline? Person { get; init; }

    /// <summary>Organizations by id.</summary>
    public IReadOnlyDictionary<string, OrganizationTimeline> Organizations { get; init; } = new Dictionary<string, OrganizationTimeline>();

    /// <summary>Bans by directive id.</summary>
    public IReadOnlyDictionary<string, DirectiveTimeline> Directives { get; init; } = new Dictionary<string, DirectiveTimeline>();

    /// <summary>Exceptions by id.</summary>
    public IReadOnlyDictionary<string, ExceptionTimeline> Exceptions { get; init; } = new Dictionary<string, ExceptionTimeline>();

    /// <summary>Safeguard certifications by id.</summary>
    public IReadOnlyDictionary<string, SafeguardTimeline> Safeguards { get; init; } = new Dictionary<string, SafeguardTimeline>();

    /// <summary>Provider suspensions by id.</summary>
    public IReadOnlyDictionary<string, SuspensionTimeline> Suspensions { get; init; } = new Dictionary<string, SuspensionTimeline>();

    /// <summary>A state made from a working set of timelines (tests, replay, what-if).</summary>
    public static DecisionState From(TimelineSet set, string modelId, string? personId)
    {
        var model = set.Find<ModelTimeline>(modelId);
        var exceptions = (model?.ExceptionIds ?? []).Select(set.Find<ExceptionTimeline>).OfType<ExceptionTimeline>().ToList();
        return new DecisionState
        {
            Model = model,
            Person = personId is null ? null : set.Find<PersonTimeline>(personId),
            Organizations = set.All.OfType<OrganizationTimeline>().ToDictionary(o => o.Id),
            Directives = (model?.DirectiveIds ?? []).Select(set.Find<DirectiveTimeline>).OfType<DirectiveTimeline>().ToDictionary(d => d.Id),
            Exceptions = exceptions.ToDictionary(e => e.Id),
            Safeguards = exceptions.SelectMany(e => e.RequiredSafeguardIds).Distinct().Select(set.Find<SafeguardTimeline>).OfType<SafeguardTimeline>().ToDictionary(s => s.Id),
            Suspensions = (model?.SuspensionIds ?? []).Select(set.Find<SuspensionTimeline>).OfType<SuspensionTimeline>().ToDictionary(s => s.Id),
        };
    }
}

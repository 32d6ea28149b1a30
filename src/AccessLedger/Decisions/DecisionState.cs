using AccessLedger.Timelines;

namespace AccessLedger.Decisions;

/// <summary>
/// Everything one decision reads: the model, the person, their organizations, and the bans, exceptions,
/// safeguards and suspensions that name the model. Its size depends on what touches this model and person, never
/// on the length of the ledger.
/// </summary>
internal sealed record DecisionState
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

    /// <summary>Country groups the bans name, by id.</summary>
    public IReadOnlyDictionary<string, CountryGroupTimeline> Groups { get; init; } = new Dictionary<string, CountryGroupTimeline>();

    /// <summary>Provider suspensions by id.</summary>
    public IReadOnlyDictionary<string, SuspensionTimeline> Suspensions { get; init; } = new Dictionary<string, SuspensionTimeline>();

    /// <summary>A state made from a working set of timelines (tests, replay, what-if).</summary>
    public static DecisionState From(TimelineSet set, string modelId, string? personId) =>
        ForModel(
            set.Find<ModelTimeline>(modelId), set.Find<ClassTimeline>, set.Find<DirectiveTimeline>, set.Find<ExceptionTimeline>, set.Find<SafeguardTimeline>,
            set.Find<SuspensionTimeline>, set.Find<CountryGroupTimeline>) with
        {
            Person = personId is null ? null : set.Find<PersonTimeline>(personId),
            Organizations = set.All.OfType<OrganizationTimeline>().ToDictionary(o => o.Id),
        };

    /// <summary>
    /// The model's part of a decision: the model and the bans, exceptions and suspensions it lists or that name one
    /// of its classes, with the
    /// safeguards those exceptions require. Ids with no timeline are left out.
    /// </summary>
    internal static DecisionState ForModel(
        ModelTimeline? model,
        Func<string, ClassTimeline?> classOf,
        Func<string, DirectiveTimeline?> directive,
        Func<string, ExceptionTimeline?> exception,
        Func<string, SafeguardTimeline?> safeguard,
        Func<string, SuspensionTimeline?> suspension,
        Func<string, CountryGroupTimeline?> group)
    {
        // Instruments name the model, or one of the classes it was ever in (coverage at T is the gates' to judge).
        var classes = model?.ClassesEver().Select(classOf).OfType<ClassTimeline>().ToList() ?? [];
        var exceptions = Found(model?.ExceptionIds.Concat(classes.SelectMany(c => c.ExceptionIds)).Distinct(), exception);
        var directives = Found(model?.DirectiveIds.Concat(classes.SelectMany(c => c.DirectiveIds)).Distinct(), directive);
        return new DecisionState
        {
            Model = model,
            Directives = directives,
            Exceptions = exceptions,
            Safeguards = Found(exceptions.Values.SelectMany(e => e.RequiredSafeguardIds).Distinct(), safeguard),
            Suspensions = Found(model?.SuspensionIds, suspension),
            Groups = Found(directives.Values.SelectMany(d => d.Issued?.Event.Scope.Groups ?? []).Distinct(), group),
        };

        static Dictionary<string, T> Found<T>(IEnumerable<string>? ids, Func<string, T?> find) where T : Timeline =>
            (ids ?? []).Select(find).OfType<T>().ToDictionary(t => t.Id, StringComparer.Ordinal);
    }
}

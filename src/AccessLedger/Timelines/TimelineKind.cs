using System.Collections.Frozen;
using AccessLedger.Events;

namespace AccessLedger.Timelines;

/// <summary>
/// A kind of timeline: one per kind of stream (LEDGER.md section 2), with the stream's key prefix and the folds
/// declared beside it. <see cref="All"/> lists them.
/// </summary>
internal sealed class TimelineKind
{
    private TimelineKind(Type type, Func<string, string> stream, Func<string, Timeline> create, IReadOnlyList<Fold> folds, bool subject)
    {
        Type = type;
        Prefix = stream("");
        Create = create;
        Folds = folds;
        IsSubject = subject;
    }

    /// <summary>Models (<c>model-{modelId}</c>).</summary>
    public static TimelineKind Model { get; } = Of<ModelTimeline>(Streams.Model, ModelTimeline.Folds);

    /// <summary>Provider suspensions (<c>suspension-{suspensionId}</c>).</summary>
    public static TimelineKind Suspension { get; } = Of<SuspensionTimeline>(Streams.Suspension, SuspensionTimeline.Folds);

    /// <summary>Bans (<c>directive-{directiveId}</c>).</summary>
    public static TimelineKind Directive { get; } = Of<DirectiveTimeline>(Streams.Directive, DirectiveTimeline.Folds);

    /// <summary>Negotiations (<c>negotiation-{caseId}</c>).</summary>
    public static TimelineKind Negotiation { get; } = Of<NegotiationTimeline>(Streams.Negotiation, NegotiationTimeline.Folds);

    /// <summary>Safeguard certifications (<c>safeguard-{certificationId}</c>).</summary>
    public static TimelineKind Safeguard { get; } = Of<SafeguardTimeline>(Streams.Safeguard, SafeguardTimeline.Folds);

    /// <summary>Exceptions (<c>exception-{exceptionId}</c>).</summary>
    public static TimelineKind Exception { get; } = Of<ExceptionTimeline>(Streams.Exception, ExceptionTimeline.Folds);

    /// <summary>Organizations (<c>org-{orgId}</c>), a subject.</summary>
    public static TimelineKind Organization { get; } = Of<OrganizationTimeline>(Streams.Organization, OrganizationTimeline.Folds, subject: true);

    /// <summary>Persons (<c>person-{personId}</c>), a subject.</summary>
    public static TimelineKind Person { get; } = Of<PersonTimeline>(Streams.Person, PersonTimeline.Folds, subject: true);

    /// <summary>Country groups (<c>country-group-{groupId}</c>).</summary>
    public static TimelineKind CountryGroup { get; } = Of<CountryGroupTimeline>(Streams.CountryGroup, CountryGroupTimeline.Folds);

    /// <summary>Classes of models: an index of the instruments that name a class, not a stream (no event is appended to it).</summary>
    public static TimelineKind Class { get; } = Of<ClassTimeline>(id => $"class-{id}", ClassTimeline.Folds);

    /// <summary>Every kind of timeline.</summary>
    public static IReadOnlyList<TimelineKind> All { get; } = [Model, Suspension, Directive, Negotiation, Safeguard, Exception, Organization, Person, CountryGroup, Class];

    private static readonly FrozenDictionary<Type, TimelineKind> ByType = All.ToFrozenDictionary(k => k.Type);

    /// <summary>The timeline class.</summary>
    public Type Type { get; }

    /// <summary>The stream key's prefix, e.g. <c>directive-</c>.</summary>
    public string Prefix { get; }

    /// <summary>An empty timeline of the id.</summary>
    public Func<string, Timeline> Create { get; }

    /// <summary>The folds declared beside the timeline.</summary>
    public IReadOnlyList<Fold> Folds { get; }

    /// <summary>Whether the stream is a subject's (person, organization), whose facts are rows of <see cref="Storage.SubjectFacts"/>.</summary>
    public bool IsSubject { get; }

    /// <summary>The kind of a timeline class.</summary>
    public static TimelineKind Of(Type type) => ByType.TryGetValue(type, out var kind) ? kind : throw new ArgumentOutOfRangeException(nameof(type), type, "not a timeline");

    /// <summary>The stream key of the entity.</summary>
    public string Stream(string id) => Prefix + id;

    /// <summary>The id of a timeline of this kind, as the rules and reads name it.</summary>
    public (Type Type, string Id) Key(string id) => (Type, id);

    private static TimelineKind Of<T>(Func<string, string> stream, IReadOnlyList<Fold> folds, bool subject = false) where T : Timeline, new() =>
        new(typeof(T), stream, id => new T { Id = id }, folds, subject);
}

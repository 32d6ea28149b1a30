using AccessLedger.Decisions;
using AccessLedger.Events;
using AccessLedger.Storage;
using AccessLedger.Timelines;
using AccessLedger.Writes;

namespace AccessLedger.Cache;

/// <summary>
/// What a cached decision depends on, so that an event can be told to leave it alone: the streams whose facts the
/// decision read or would read (the model's; the bans, exceptions and suspensions that named it, with the safeguards
/// those exceptions require, certified or not; the person's, and every organization they were enrolled with, or the
/// ad-hoc subject's organization), and the model's id, since a new instrument or an amendment that names the model
/// brings a stream the decision did not read. It mirrors the decision's selection (<see cref="InstrumentFacts.SelectDecision"/>,
/// <see cref="SubjectFacts.SelectDecision"/>), wider where that is simpler; a property test replays random histories
/// against it.
/// </summary>
internal sealed class CacheScope
{
    private readonly string _modelId;
    private readonly HashSet<string> _streams;
    private readonly HashSet<string> _classes;

    private CacheScope(string modelId, HashSet<string> streams, HashSet<string> classes) => (_modelId, _streams, _classes) = (modelId, streams, classes);

    /// <summary>The scope of a decision about <paramref name="modelId"/> and <paramref name="subject"/> that read <paramref name="state"/>.</summary>
    public static CacheScope Of(string modelId, Subject subject, DecisionState state)
    {
        var streams = new HashSet<string>(StringComparer.Ordinal) { Streams.Model(modelId) };
        IEnumerable<Timeline?> read =
        [
            state.Model, state.Person, .. state.Organizations.Values, .. state.Directives.Values, .. state.Exceptions.Values,
            .. state.Safeguards.Values, .. state.Suspensions.Values, .. state.Groups.Values,
        ];
        foreach (var timeline in read.OfType<Timeline>())
        {
            streams.Add(TimelineKind.Of(timeline.GetType()).Stream(timeline.Id));
        }

        streams.UnionWith(state.Exceptions.Values.SelectMany(x => x.RequiredSafeguardIds).Select(Streams.Safeguard));

        // The 50 % rule reads the owners of the subject's organizations, theirs, and so on: a new ownership of any
        // owner met (read, or only named by an ownership read) can change the answer.
        streams.UnionWith(state.Organizations.Values.SelectMany(o => o.Ownerships).SelectMany(x => x.Event.Owners).Select(o => Streams.Organization(o.OrgId)));
        switch (subject)
        {
            case EnrolledPerson person:
                streams.Add(Streams.Person(person.PersonId));
                streams.UnionWith((state.Person?.OrgIds ?? []).Select(Streams.Organization));
                break;
            case AdHocSubject adHoc:
                streams.Add(Streams.Organization(adHoc.OrgId));
                break;
        }

        // An instrument that names one of the model's classes covers it as much as one that names it (LEDGER.md section 7.2).
        return new CacheScope(modelId, streams, state.Model?.ClassesEver().ToHashSet(StringComparer.Ordinal) ?? []);
    }

    /// <summary>Whether the event could change the decision: it is on one of its streams, or it names its model.</summary>
    public bool IsTouchedBy(Touch touch) => _streams.Contains(touch.Stream) || touch.Keys.Contains(_modelId) || touch.Keys.Overlaps(_classes);

    /// <summary>An applied event as the scopes test it: its stream and the ids its fact rows are keyed by.</summary>
    internal sealed record Touch(string Stream, IReadOnlySet<string> Keys)
    {
        /// <summary>The touch of a recorded event.</summary>
        public static Touch Of(RecordedEvent e) => new(
            e.Stream,
            InstrumentFacts.IsInstrumentFact(e.Data)
                ? InstrumentFacts.Rows(e.Data, new EventRef(e.Stream, e.Version, e.Type, e.RecordedAt, e.ValidFrom, e.Position)).Select(r => r.Key).ToHashSet(StringComparer.Ordinal)
                : new HashSet<string>());
    }
}

using System.Collections.Frozen;
using AccessLedger.Events;

namespace AccessLedger.Timelines;

/// <summary>
/// One step of folding an event into a timeline, declared beside the timeline it changes (in the manner of
/// Eventuous' <c>On&lt;TEvent&gt;</c>): the event's own stream's timeline records the fact; others may note an id
/// (a model notes the bans that name it). <see cref="TimelineSet.Apply"/> runs every step of an event.
/// </summary>
internal sealed class Fold
{
    private static FrozenDictionary<Type, Fold[]>? _byEvent;

    private readonly Func<ILedgerEvent, string>? _id;
    private readonly Func<ILedgerEvent, IEnumerable<string>>? _ids;
    private readonly Action<Timeline, ILedgerEvent, EventRef> _apply;

    private Fold(Type eventType, Type timeline, Func<ILedgerEvent, string>? id, Func<ILedgerEvent, IEnumerable<string>>? ids, Action<Timeline, ILedgerEvent, EventRef> apply)
    {
        Event = eventType;
        Timeline = timeline;
        _id = id;
        _ids = ids;
        _apply = apply;
    }

    /// <summary>The event type folded.</summary>
    public Type Event { get; }

    /// <summary>The timeline type changed.</summary>
    public Type Timeline { get; }

    /// <summary>A step changing the timeline of one id.</summary>
    public static Fold On<TEvent, TTimeline>(Func<TEvent, string> id, Action<TTimeline, TEvent, EventRef> apply)
        where TEvent : ILedgerEvent where TTimeline : Timeline =>
        new(typeof(TEvent), typeof(TTimeline), e => id((TEvent)e), null, (t, e, at) => apply((TTimeline)t, (TEvent)e, at));

    /// <summary>A step changing the timeline of each of several ids.</summary>
    public static Fold OnEach<TEvent, TTimeline>(Func<TEvent, IEnumerable<string>> ids, Action<TTimeline, TEvent, EventRef> apply)
        where TEvent : ILedgerEvent where TTimeline : Timeline =>
        new(typeof(TEvent), typeof(TTimeline), null, e => ids((TEvent)e), (t, e, at) => apply((TTimeline)t, (TEvent)e, at));

    /// <summary>The steps that fold events of this type (none for a type no timeline folds).</summary>
    public static Fold[] For(Type eventType) =>
        (_byEvent ??= TimelineKind.All.SelectMany(k => k.Folds).GroupBy(f => f.Event).ToFrozenDictionary(g => g.Key, g => g.ToArray()))
        .GetValueOrDefault(eventType) ?? [];

    /// <summary>The timelines folding the event changes.</summary>
    public static IEnumerable<(Type Type, string Id)> Targets(ILedgerEvent e) =>
        For(e.GetType()).SelectMany(f => f.Ids(e).Select(id => (f.Timeline, id)));

    /// <summary>The ids of the timelines this step changes for the event.</summary>
    public IEnumerable<string> Ids(ILedgerEvent e) => _id is not null ? [_id(e)] : _ids!(e);

    /// <summary>Folds the event into the set's timelines of this step (created empty when missing).</summary>
    public void Apply(TimelineSet set, ILedgerEvent e, EventRef at)
    {
        var kind = TimelineKind.Of(Timeline);
        if (_id is not null)
        {
            _apply(set.Get(kind, _id(e)), e, at);
            return;
        }

        foreach (var id in _ids!(e))
        {
            _apply(set.Get(kind, id), e, at);
        }
    }
}

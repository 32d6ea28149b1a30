using System.Reflection;
using AccessLedger.Rules;
using AccessLedger.Timelines;

namespace AccessLedger.Events;

/// <summary>What the ids of an event's id list are: the entities an index row of the fact is filed under.</summary>
internal enum KeyKind
{
    /// <summary>Models (a ban's, an exception's, a suspension's).</summary>
    Model,

    /// <summary>Organizations (an exception amendment's).</summary>
    Organization,

    /// <summary>Directives (a negotiation's).</summary>
    Directive,

    /// <summary>Classes of models (a classification's, a ban's or an exception's; LEDGER.md section 7.1).</summary>
    Class,
}

/// <summary>Which facts of an instrument a decision at (T, K) reads: chosen by index, before any fold.</summary>
internal enum DecisionRead
{
    /// <summary>Never (a negotiation is context for auditors; no gate reads it).</summary>
    None,

    /// <summary>Whatever its validFrom: an instrument's opening fact (a decision says "starts on ...").</summary>
    Always,

    /// <summary>When in effect at T (validFrom ≤ T): a lift, a revocation, a withdrawal.</summary>
    InEffect,

    /// <summary>When in effect at T and it names the question's model or one of the subject's organizations (by its keys).</summary>
    InEffectWhereNamed,
}

/// <summary>An id list of an event, by its property, and what it names.</summary>
/// <param name="Names">What the ids are.</param>
/// <param name="Property">The record's property (<c>nameof</c>); its JSON name is what the rebuild's SQL reads.</param>
internal sealed record KeyList(KeyKind Names, string Property)
{
    /// <summary>An id list naming models.</summary>
    public static KeyList Models(string property) => new(KeyKind.Model, property);

    /// <summary>An id list naming organizations.</summary>
    public static KeyList Organizations(string property) => new(KeyKind.Organization, property);

    /// <summary>An id list naming classes of models.</summary>
    public static KeyList Classes(string property) => new(KeyKind.Class, property);

    /// <summary>An id list naming directives.</summary>
    public static KeyList Directives(string property) => new(KeyKind.Directive, property);
}

/// <summary>
/// The declaration of one kind of event, beside its record: its wire name, the stream it is appended to, the checks
/// of its fields (LEDGER.md section 2), the write rule it must pass against the ledger's state (section 5), the
/// timelines that rule reads, the ids its fact rows are filed under and what a decision reads of it. Its folds sit
/// beside the timelines they change (<see cref="Fold"/>). <see cref="EventCatalog"/> lists every kind.
/// </summary>
internal abstract class EventKind
{
    private protected EventKind(string wireName, Type type, TimelineKind timeline)
    {
        WireName = wireName;
        Type = type;
        Timeline = timeline;
    }

    /// <summary>The wire name, e.g. <c>ban_amended</c>.</summary>
    public string WireName { get; }

    /// <summary>The record.</summary>
    public Type Type { get; }

    /// <summary>The timeline of the stream the event is appended to.</summary>
    public TimelineKind Timeline { get; }

    /// <summary>The id lists its fact rows are filed under (only instruments', <see cref="Storage.InstrumentFacts"/>).</summary>
    public IReadOnlyList<KeyList> Keys { get; init; } = [];

    /// <summary>What a decision reads of it.</summary>
    public DecisionRead Decision { get; init; }

    /// <summary>The id of the event's own stream's entity.</summary>
    public abstract string IdOf(ILedgerEvent e);

    /// <summary>The stream the event is appended to (LEDGER.md section 2).</summary>
    public string StreamOf(ILedgerEvent e) => Timeline.Stream(IdOf(e));

    /// <summary>When the fact stops holding by itself, for events that carry a <c>validTo</c>.</summary>
    public abstract DateTimeOffset? ValidToOf(ILedgerEvent e);

    /// <summary>Whether events of this kind carry a <c>validTo</c> (an end, or a new end, of what they say).</summary>
    public abstract bool HasValidTo { get; }

    /// <summary>The event with its fields checked into <paramref name="checker"/> and normalised (countries upper case, ...).</summary>
    internal abstract ILedgerEvent CheckFields(FieldChecker checker, ILedgerEvent e);

    /// <summary>Throws a <see cref="LedgerRuleException"/> when the event may not be recorded on <paramref name="state"/>.</summary>
    internal abstract void Judge(ILedgerEvent e, TimelineSet state);

    /// <summary>The timelines judging and folding the event reads: its own, those its folds change, those its rule reads.</summary>
    internal abstract IEnumerable<(Type Type, string Id)> Reads(ILedgerEvent e);

    /// <summary>The ids the event's key lists name, in declaration order (duplicates kept).</summary>
    internal abstract IEnumerable<string> KeysOf(ILedgerEvent e);

    /// <summary>One sentence for the fact, as an auditor reads it.</summary>
    internal abstract string Describe(ILedgerEvent e);

    /// <summary>Whether the fact is a person's or an organization's (stored in <see cref="Storage.SubjectFacts"/>).</summary>
    public bool IsSubjectFact => Timeline.IsSubject;
}

/// <summary>The declaration of events of type <typeparamref name="TEvent"/>.</summary>
/// <typeparam name="TEvent">The record.</typeparam>
internal sealed class EventKind<TEvent> : EventKind where TEvent : class, ILedgerEvent
{
    private readonly Func<TEvent, string> _id;
    private Func<TEvent, IEnumerable<string>>? _keys;

    /// <summary>A kind appended to <paramref name="timeline"/>'s stream of the id <paramref name="id"/> gives.</summary>
    public EventKind(string wireName, TimelineKind timeline, Func<TEvent, string> id)
        : base(wireName, typeof(TEvent), timeline) => _id = id;

    /// <summary>The checks of the fields; returns the event normalised (or as it is).</summary>
    public required Func<FieldChecker, TEvent, TEvent> Fields { get; init; }

    /// <summary>The write rule; throws a <see cref="LedgerRuleException"/> (null: none beyond the fields).</summary>
    public Action<TEvent, TimelineSet>? Rule { get; init; }

    /// <summary>Timelines the rule reads beyond the event's own and those its folds change.</summary>
    public Func<TEvent, IEnumerable<(Type Type, string Id)>>? RuleReads { get; init; }

    /// <summary>The event's own <c>validTo</c>, when it has one.</summary>
    public Func<TEvent, DateTimeOffset?>? ValidTo { get; init; }

    /// <summary>One sentence for the fact.</summary>
    public required Func<TEvent, string> Text { get; init; }

    /// <inheritdoc/>
    public override string IdOf(ILedgerEvent e) => _id((TEvent)e);

    /// <inheritdoc/>
    public override DateTimeOffset? ValidToOf(ILedgerEvent e) => ValidTo?.Invoke((TEvent)e);

    /// <inheritdoc/>
    public override bool HasValidTo => ValidTo is not null;

    /// <inheritdoc/>
    internal override ILedgerEvent CheckFields(FieldChecker checker, ILedgerEvent e) => Fields(checker, (TEvent)e);

    /// <inheritdoc/>
    internal override void Judge(ILedgerEvent e, TimelineSet state) => Rule?.Invoke((TEvent)e, state);

    /// <inheritdoc/>
    internal override IEnumerable<(Type Type, string Id)> Reads(ILedgerEvent e)
    {
        var x = (TEvent)e;
        IEnumerable<(Type, string)> reads = [(Timeline.Type, _id(x)), .. Fold.Targets(e)];
        return (RuleReads is null ? reads : reads.Concat(RuleReads(x))).Distinct();
    }

    /// <inheritdoc/>
    internal override IEnumerable<string> KeysOf(ILedgerEvent e) => (_keys ??= Accessor())((TEvent)e);

    /// <inheritdoc/>
    internal override string Describe(ILedgerEvent e) => Text((TEvent)e);

    // The key lists are read through the record's properties, named once in Keys.
    private Func<TEvent, IEnumerable<string>> Accessor()
    {
        var getters = Keys
            .Select(k => typeof(TEvent).GetProperty(k.Property, BindingFlags.Public | BindingFlags.Instance)
                ?? throw new InvalidOperationException($"{typeof(TEvent).Name} has no property {k.Property} for its key list."))
            .ToArray();
        return getters.Length == 0 ? static _ => [] : e => getters.SelectMany(g => (IEnumerable<string>?)g.GetValue(e) ?? []);
    }
}

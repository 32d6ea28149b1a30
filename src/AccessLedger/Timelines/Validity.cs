using AccessLedger.Events;

namespace AccessLedger.Timelines;

/// <summary>An event that moves an instrument's end (<c>ban_validity_changed</c>, <c>exception_validity_changed</c>).</summary>
internal interface IValidityChange : ILedgerEvent
{
    /// <summary>The instrument's end from <see cref="ILedgerEvent.ValidFrom"/> on (null: open-ended).</summary>
    DateTimeOffset? ValidTo { get; }
}

/// <summary>An event that suspends an instrument (<c>ban_suspended</c>, <c>exception_suspended</c>).</summary>
internal interface IInstrumentSuspension : ILedgerEvent
{
    /// <summary>When the suspension ends by itself (a scheduled reimposition), if it does.</summary>
    DateTimeOffset? ValidTo { get; }
}

/// <summary>
/// What moves an instrument's validity after the fact (LEDGER.md section 7.2): validity changes, suspensions and
/// reinstatements, kept by a ban's or an exception's timeline and read at (T, K).
/// </summary>
internal sealed class Validity
{
    /// <summary>Validity changes, in ledger order.</summary>
    public List<Recorded<IValidityChange>> Changes { get; } = [];

    /// <summary>Suspensions, in ledger order.</summary>
    public List<Recorded<IInstrumentSuspension>> Suspensions { get; } = [];

    /// <summary>Reinstatements, in ledger order.</summary>
    public List<Recorded<ILedgerEvent>> Reinstatements { get; } = [];

    /// <summary>
    /// The instrument's end at T as known at K: the <c>validTo</c> of the latest validity change in effect (by
    /// validFrom, then recording), else its own <paramref name="own"/>; <paramref name="change"/> is that change.
    /// </summary>
    public DateTimeOffset? EndAt(DateTimeOffset? own, DateTimeOffset at, Knowledge knowledge, out Recorded<IValidityChange>? change)
    {
        change = knowledge.Latest(Changes, at);
        return change is null ? own : change.Event.ValidTo;
    }

    /// <summary>
    /// The suspension holding at T as known at K, if any: in effect, and not yet ended by its own <c>validTo</c> or
    /// by the first reinstatement at or after its validFrom.
    /// </summary>
    public Recorded<IInstrumentSuspension>? SuspensionAt(DateTimeOffset at, Knowledge knowledge)
    {
        foreach (var suspension in Suspensions)
        {
            if (!knowledge.InEffect(suspension, at) || (suspension.Event.ValidTo is { } to && at >= to))
            {
                continue;
            }

            var from = suspension.Event.ValidFrom;
            if (!knowledge.AnyInEffect(Reinstatements, at, r => r.ValidFrom >= from))
            {
                return suspension;
            }
        }

        return null;
    }

    /// <summary>The facts kept, for an audit.</summary>
    public IEnumerable<(ILedgerEvent Event, EventRef Ref)> Facts() =>
        Changes.Select(f => ((ILedgerEvent)f.Event, f.Ref)).Concat(Suspensions.Select(f => ((ILedgerEvent)f.Event, f.Ref))).Concat(Reinstatements.Select(f => (f.Event, f.Ref)));

    /// <summary>The fold steps of a kind of instrument's validity events, for its timeline's <c>Folds</c>.</summary>
    public static Fold[] Folds<TTimeline, TChange, TSuspension, TReinstatement>(
        Func<TChange, string> changeId, Func<TSuspension, string> suspensionId, Func<TReinstatement, string> reinstatementId, Func<TTimeline, Validity> validity)
        where TTimeline : Timeline where TChange : IValidityChange where TSuspension : IInstrumentSuspension where TReinstatement : ILedgerEvent =>
    [
        Fold.On<TChange, TTimeline>(changeId, (t, x, at) => t.Add(validity(t).Changes, new Recorded<IValidityChange>(x, at))),
        Fold.On<TSuspension, TTimeline>(suspensionId, (t, x, at) => t.Add(validity(t).Suspensions, new Recorded<IInstrumentSuspension>(x, at))),
        Fold.On<TReinstatement, TTimeline>(reinstatementId, (t, x, at) => t.Add(validity(t).Reinstatements, new Recorded<ILedgerEvent>(x, at))),
    ];
}

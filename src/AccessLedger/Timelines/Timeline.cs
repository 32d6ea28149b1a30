using AccessLedger.Events;

namespace AccessLedger.Timelines;

/// <summary>
/// The base of every timeline: one per stream, keyed by the entity's id, folded in memory from fact rows, holding
/// the facts of that stream it was given (and ids of related entities) with both clocks, in ledger order.
/// </summary>
internal abstract class Timeline
{
    /// <summary>The entity's id (model id, directive id, person id, ...).</summary>
    public string Id { get; set; } = "";

    /// <summary>The version of the entity's own stream: how many events it holds.</summary>
    public long Version { get; set; }

    /// <summary>The highest ledger position applied to this document.</summary>
    public long LastPosition { get; set; }

    /// <summary>Adds a fact in ledger order; false when the position was applied already (a replay).</summary>
    protected internal bool Add<T>(List<Recorded<T>> facts, Recorded<T> fact)
    {
        // Facts almost always arrive in ledger order: append without searching.
        if (facts.Count == 0 || facts[^1].Ref.Position < fact.Ref.Position)
        {
            facts.Add(fact);
        }
        else if (facts.Exists(f => f.Ref.Position == fact.Ref.Position))
        {
            return false;
        }
        else
        {
            facts.Insert(facts.FindLastIndex(f => f.Ref.Position < fact.Ref.Position) + 1, fact);
        }

        LastPosition = Math.Max(LastPosition, fact.Ref.Position);
        Version = Math.Max(Version, fact.Ref.Version);
        return true;
    }

    /// <summary>Adds a recorded event to its list in ledger order (a fold step); a replayed position is ignored.</summary>
    protected internal void Add<T>(List<Recorded<T>> facts, T e, EventRef at) => Add(facts, new Recorded<T>(e, at));

    /// <summary>
    /// Sets the opening fact of the stream (a fold step): <paramref name="set"/> runs once, for a position not
    /// applied yet; a replay of the same position leaves the timeline as it is.
    /// </summary>
    protected internal void Open(EventRef at, Action set)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (at.Position <= LastPosition)
        {
            return;
        }

        set();
        LastPosition = at.Position;
        Version = Math.Max(Version, at.Version);
    }

    /// <summary>Every fact of the stream the timeline holds, each with where it came from (what an audit lists).</summary>
    public abstract IEnumerable<(ILedgerEvent Event, EventRef Ref)> Facts();

    /// <summary>The facts of some lists and optional opening facts, for <see cref="Facts"/>.</summary>
    protected static IEnumerable<(ILedgerEvent Event, EventRef Ref)> Of<T>(Recorded<T>? fact) where T : ILedgerEvent =>
        fact is null ? [] : [(fact.Event, fact.Ref)];

    /// <summary>The facts of a list, for <see cref="Facts"/>.</summary>
    protected static IEnumerable<(ILedgerEvent Event, EventRef Ref)> Of<T>(List<Recorded<T>> facts) where T : ILedgerEvent =>
        facts.Select(f => ((ILedgerEvent)f.Event, f.Ref));

    /// <summary>Adds ids to a sorted, duplicate-free list.</summary>
    protected internal static void AddIds(List<string> ids, IEnumerable<string> add)
    {
        foreach (var id in add)
        {
            var index = ids.BinarySearch(id, StringComparer.Ordinal);
            if (index < 0)
            {
                ids.Insert(~index, id);
            }
        }
    }

    /// <summary>Whether fact <paramref name="a"/> supersedes <paramref name="b"/>: later in valid time, or recorded later at the same instant.</summary>
    protected static bool Later(EventRef a, EventRef b) => a.ValidFrom != b.ValidFrom ? a.ValidFrom > b.ValidFrom : a.Position > b.Position;

    /// <summary>Whether an interval [from, to) contains <paramref name="at"/>.</summary>
    protected static bool Contains(DateTimeOffset from, DateTimeOffset? to, DateTimeOffset at) => from <= at && (to is null || at < to);
}

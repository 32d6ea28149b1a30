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

namespace AccessLedger.Timelines;

/// <summary>
/// Where a fact came from: enough for an auditor to find the stored event and to place it on both clocks.
/// </summary>
/// <param name="Stream">The stream key, e.g. <c>directive-d1</c>.</param>
/// <param name="Version">The event's version within its stream (1-based).</param>
/// <param name="Type">The wire type, e.g. <c>ban_issued</c>.</param>
/// <param name="RecordedAt">Knowledge time: when the ledger recorded it.</param>
/// <param name="ValidFrom">Valid time: when it holds in the world.</param>
/// <param name="Position">The ledger-wide position (1-based, gapless, in order of recording).</param>
public sealed record EventRef(string Stream, long Version, string Type, DateTimeOffset RecordedAt, DateTimeOffset ValidFrom, long Position)
{
    /// <summary>
    /// Notice time (LEDGER.md section 7.2): when the public record said it — the source's <c>publishedAt</c>, else its
    /// <c>receivedAt</c>, else <see cref="RecordedAt"/>.
    /// </summary>
    public DateTimeOffset NoticeAt { get; init; } = RecordedAt;

    /// <summary>The reference with the notice time of the event it refers to (<see cref="NoticeAt"/>).</summary>
    internal static EventRef Noticed(Events.ILedgerEvent e, EventRef at) =>
        e is Events.ISourced { Source: { } source } && (source.PublishedAt ?? source.ReceivedAt) is { } notice && notice != at.NoticeAt
            ? at with { NoticeAt = notice }
            : at;
}

/// <summary>A fact as the timelines keep it: the event and where it came from.</summary>
/// <typeparam name="TEvent">The event type.</typeparam>
/// <param name="Event">The fact.</param>
/// <param name="Ref">Its stream, version and both clocks.</param>
internal sealed record Recorded<TEvent>(TEvent Event, EventRef Ref);

/// <summary>
/// What was known: only facts recorded (or, on the notice basis, on notice) at or before <see cref="KnownAt"/> count
/// (null: everything).
/// </summary>
/// <param name="KnownAt">Knowledge time K, or null for "as we know it now".</param>
/// <param name="Basis">Which clock K is read on: the ledger's recording, or the public record's notice.</param>
internal readonly record struct Knowledge(DateTimeOffset? KnownAt, Decisions.KnowledgeBasis Basis = Decisions.KnowledgeBasis.Recorded)
{
    /// <summary>Everything the ledger holds.</summary>
    public static Knowledge Now => new(null);

    /// <summary>Whether the fact was known by K (recorded, or on notice, by then).</summary>
    public bool Knows(EventRef fact) => KnownAt is not { } k || (Basis == Decisions.KnowledgeBasis.Notice ? fact.NoticeAt : fact.RecordedAt) <= k;

    /// <summary>Whether the fact was known by K.</summary>
    public bool Knows<T>(Recorded<T> fact) => Knows(fact.Ref);

    /// <summary>Whether the fact was known by K and holds by T (validFrom ≤ T).</summary>
    public bool InEffect<T>(Recorded<T> fact, DateTimeOffset at) => Knows(fact.Ref) && fact.Ref.ValidFrom <= at;

    /// <summary>Whether any known fact is in effect at <paramref name="at"/>; no ordering needed.</summary>
    public bool AnyInEffect<T>(List<Recorded<T>> facts, DateTimeOffset at, Func<T, bool>? match = null)
    {
        foreach (var fact in facts)
        {
            if (InEffect(fact, at) && (match is null || match(fact.Event)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The known facts in effect at <paramref name="at"/> (validFrom ≤ T), in order of valid time then recording.</summary>
    public IEnumerable<Recorded<T>> InEffect<T>(IEnumerable<Recorded<T>> facts, DateTimeOffset at)
    {
        var knowledge = this;
        return facts.Where(f => knowledge.Knows(f) && f.Ref.ValidFrom <= at).OrderBy(f => f.Ref.ValidFrom).ThenBy(f => f.Ref.Position);
    }

    /// <summary>
    /// The last known fact in effect at <paramref name="at"/> (greatest validFrom, then latest recorded) among
    /// those that <paramref name="match"/> (null: all), if any.
    /// </summary>
    public Recorded<T>? Latest<T>(List<Recorded<T>> facts, DateTimeOffset at, Func<T, bool>? match = null) where T : class
    {
        // One pass, no sort, no enumerator on the heap: this runs for every gate of every decision.
        Recorded<T>? latest = null;
        foreach (var fact in facts)
        {
            if (InEffect(fact, at) && (match is null || match(fact.Event)) && (latest is null || fact.Ref.ValidFrom > latest.Ref.ValidFrom
                || (fact.Ref.ValidFrom == latest.Ref.ValidFrom && fact.Ref.Position > latest.Ref.Position)))
            {
                latest = fact;
            }
        }

        return latest;
    }
}

using AccessLedger.Feed;
using AccessLedger.Writes;

namespace AccessLedger;

public sealed partial class Ledger
{
    /// <summary>
    /// The change feed: every event recorded after ledger position <paramref name="afterPosition"/>, in ledger order,
    /// first those already recorded, then each new one as its write commits (PostgreSQL <c>LISTEN/NOTIFY</c>, with
    /// the tables as the source of truth). It never ends on its own: a lost connection is reopened and the feed goes
    /// on after the last position it delivered, so no position is skipped or delivered twice. To resume in another
    /// process, pass the last position you handled. Cancel the token to stop.
    /// </summary>
    /// <param name="afterPosition">Deliver events at positions greater than this (0: from the first).</param>
    /// <param name="cancellationToken">Stops the feed.</param>
    public IAsyncEnumerable<RecordedEvent> WatchAsync(long afterPosition = 0, CancellationToken cancellationToken = default) =>
        new ChangeFeed(this, _dataSource, _schema).WatchAsync(afterPosition, cancellationToken);

    /// <summary>
    /// Watches decisions at T = now (the ledger's clock) for some (model, subject) pairs: first each pair's answer,
    /// then every change of whether access is allowed, in order, once: those a recorded event makes (each event is
    /// applied in turn, its position is the answer's checkpoint) and those the clock makes with no event, when a
    /// fact's validFrom or validTo passes. It never ends on its own; cancel the token to stop.
    /// </summary>
    /// <param name="pairs">The decisions to watch.</param>
    /// <param name="cancellationToken">Stops watching.</param>
    public IAsyncEnumerable<DecisionFlip> WatchDecisionsAsync(IReadOnlyList<(string ModelId, Decisions.Subject Subject)> pairs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        return new DecisionFlips(this, [.. pairs.Select(p => (p.ModelId, Normalize(p.Subject)))]).WatchAsync(cancellationToken);
    }
}

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
}

using System.Data;
using System.Globalization;
using System.Runtime.CompilerServices;
using AccessLedger.Writes;
using Npgsql;

namespace AccessLedger.Feed;

/// <summary>
/// The change feed: every recorded event after a position, in ledger order, read from the tables (al_chain joined
/// with mt_events), then followed live. A write sends <c>pg_notify</c> in its own transaction (delivered only if it
/// commits); a notification only says "read again": the feed then reads every position after the last it delivered,
/// so a lost, merged or foreign notification can delay an event but never lose or double one. A lost connection is
/// reopened and the feed resumes after the last position it delivered.
/// </summary>
internal sealed class ChangeFeed(Ledger ledger, NpgsqlDataSource dataSource, string schema)
{
    /// <summary>Events read per round trip while catching up.</summary>
    public const int PageSize = 1000;

    /// <summary>The application_name of a feed's connection, followed by the schema (operators see it in pg_stat_activity).</summary>
    public const string ApplicationName = "accessledger-feed";

    /// <summary>Read again after this long with no notification: bounds the delay if a notification were ever missed.</summary>
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(30);

    // Set by every notification, including one that arrives with a read's results (PostgreSQL sends it after the
    // statement, so Npgsql takes it then and WaitAsync would not see it): the feed then reads again without waiting.
    private int _notified;

    /// <summary>The notification channel of a ledger: its schema's name (at most 63 bytes, as a channel's name).</summary>
    public static string Channel(string schema) => schema;

    /// <summary>Queues the notification of a write on its session: sent by PostgreSQL when, and only if, the write commits.</summary>
    public static void QueueNotify(Marten.IDocumentOperations operations, string schema, long lastPosition) =>
        operations.QueueSqlCommand("select pg_notify(?::text, ?::text)", Channel(schema), lastPosition.ToString(CultureInfo.InvariantCulture));

    /// <summary>Every event after <paramref name="after"/>, oldest first, then each new one as it commits; ends only when cancelled.</summary>
    public async IAsyncEnumerable<RecordedEvent> WatchAsync(long after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(after);
        var last = after;
        var failures = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var connection = await TryListenAsync(cancellationToken).ConfigureAwait(false);
            if (connection is null)
            {
                await BackOffAsync(++failures, cancellationToken).ConfigureAwait(false);
                continue;
            }

            await using (connection.ConfigureAwait(false))
            {
                var caughtUp = false;
                while (true)
                {
                    var page = await TryReadAsync(connection, last, waitFirst: caughtUp, cancellationToken).ConfigureAwait(false);
                    if (page is null)
                    {
                        break;
                    }

                    failures = 0;
                    foreach (var e in page)
                    {
                        yield return e;
                        last = e.Position;
                    }

                    caughtUp = page.Count < PageSize;
                }
            }

            await BackOffAsync(++failures, cancellationToken).ConfigureAwait(false);
        }
    }

    // LISTEN before the first read: a write that commits after this read is then announced on this connection.
    private async Task<NpgsqlConnection?> TryListenAsync(CancellationToken cancellationToken)
    {
        NpgsqlConnection? connection = null;
        try
        {
            connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            connection.Notification += (_, _) => Volatile.Write(ref _notified, 1);
            var listen = new NpgsqlCommand($"set application_name = '{ApplicationName} {schema}'; listen \"{Channel(schema)}\"", connection);
            await using (listen.ConfigureAwait(false))
            {
                await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return connection;
        }
        catch (Exception e) when (IsLost(e, connection))
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            return null;
        }
    }

    // Null when the connection was lost (the caller reopens it and reads after the last position it delivered).
    private async Task<List<RecordedEvent>?> TryReadAsync(NpgsqlConnection connection, long last, bool waitFirst, CancellationToken cancellationToken)
    {
        try
        {
            if (waitFirst && Interlocked.Exchange(ref _notified, 0) == 0)
            {
                await connection.WaitAsync(Heartbeat, cancellationToken).ConfigureAwait(false);
                Interlocked.Exchange(ref _notified, 0);
            }

            var page = new List<RecordedEvent>();
            await foreach (var e in ledger.ReadEventsAsync(connection, knownAt: null, stream: null, after: last, limit: PageSize, cancellationToken).ConfigureAwait(false))
            {
                page.Add(e);
            }

            return page;
        }
        catch (Exception e) when (IsLost(e, connection))
        {
            return null;
        }
    }

    // A connection that broke (terminated backend, restart, network) is lost; any other error is the caller's.
    private static bool IsLost(Exception e, NpgsqlConnection? connection) =>
        e is NpgsqlException or IOException or TimeoutException
        && (e is NpgsqlException { IsTransient: true } || (connection is not null && (connection.FullState.HasFlag(ConnectionState.Broken) || connection.State == ConnectionState.Closed)));

    // Real time, not the ledger's clock: a test's frozen clock must not stall a reconnection.
    private static Task BackOffAsync(int failures, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Math.Min(50 * (1 << Math.Min(failures, 7)), 5000)), TimeProvider.System, cancellationToken);
}

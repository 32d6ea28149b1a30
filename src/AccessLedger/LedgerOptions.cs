using AccessLedger.Writes;
using Npgsql;

namespace AccessLedger;

/// <summary>How a <see cref="Ledger"/> is built: its clock, its listeners, and where it reads decisions and audits.</summary>
public sealed class LedgerOptions
{
    /// <summary>The clock that stamps <c>recordedAt</c> and says "now"; <see cref="TimeProvider.System"/> when null.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>Hear every committed write (e.g. to publish notifications); none when null.</summary>
    public IEnumerable<ILedgerListener>? Listeners { get; init; }

    /// <summary>
    /// A read-only data source — a PostgreSQL streaming replica of the store's database — for decisions and audits;
    /// null (the default): they read the primary. Writes, the change feed, the cache and verification always use the
    /// primary. The ledger does not dispose it.
    /// </summary>
    public NpgsqlDataSource? ReadReplica { get; init; }

    /// <summary>
    /// How long a question that names a minimum position waits for the replica to replay it before it is asked of
    /// the primary instead. Default 1 second.
    /// </summary>
    public TimeSpan ReplicaWait { get; init; } = TimeSpan.FromSeconds(1);
}

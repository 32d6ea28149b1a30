using AccessLedger.Decisions;
using Npgsql;

namespace AccessLedger.Replicas;

/// <summary>
/// Decisions on a read replica with a minimum position: the decision's own snapshot says which position the
/// replica had replayed (its chain head); below the minimum, the replica's head is polled until it reaches it, for
/// at most the ledger's <see cref="LedgerOptions.ReplicaWait"/>, and then the primary answers. A replica that cannot be
/// reached also sends the question to the primary. Waiting is in real time: a test's frozen clock must not stall it.
/// </summary>
internal sealed class ReplicaReads(Ledger ledger, NpgsqlDataSource source, TimeSpan wait)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(5);

    /// <summary>The replica's data source.</summary>
    public NpgsqlDataSource Source => source;

    /// <summary>Decides at a position of at least <paramref name="atLeast"/>, on the replica if it gets there in time.</summary>
    public async Task<Decision> DecideAsync(string modelId, Subject subject, DateTimeOffset at, DateTimeOffset? knownAt, long atLeast, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        try
        {
            while (true)
            {
                var (decision, _) = await ledger.DecideCoreAsync(source, modelId, subject, at, knownAt, horizon: false, cancellationToken).ConfigureAwait(false);
                if (decision.Checkpoint!.Position >= atLeast)
                {
                    return decision;
                }

                if (!await ReplayedAsync(atLeast, started, cancellationToken).ConfigureAwait(false))
                {
                    break;
                }
            }
        }
        catch (NpgsqlException e) when (e.IsTransient)
        {
            // The replica is down or restarting: the primary answers.
        }

        return (await ledger.DecideCoreAsync(ledger.PrimarySource, modelId, subject, at, knownAt, horizon: false, cancellationToken).ConfigureAwait(false)).Decision;
    }

    // Polls the replica's chain head until it reaches the position (true) or the wait is over (false).
    private async Task<bool> ReplayedAsync(long position, long started, CancellationToken cancellationToken)
    {
        while (TimeProvider.System.GetElapsedTime(started) < wait)
        {
            await Task.Delay(Poll, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            if ((await ledger.ReadHeadAsync(source, cancellationToken).ConfigureAwait(false)).Position >= position)
            {
                return true;
            }
        }

        return false;
    }
}

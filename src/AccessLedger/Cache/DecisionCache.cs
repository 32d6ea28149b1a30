using System.Collections.Concurrent;
using AccessLedger.Decisions;
using Npgsql;

namespace AccessLedger.Cache;

/// <summary>
/// Decisions at T = now for an enforcement point, from memory: what a decision reads is read once from the database
/// (<see cref="Decisions.DecisionState"/>), kept until a recorded event or the clock could change what it would read,
/// and each answer is the pure decider's over it at now, with the checkpoint it was read at. The cache
/// follows the ledger's change feed (<see cref="Ledger.WatchAsync"/>); when it applies an event at position P it drops
/// every answer computed before P, so it never serves an answer older than the position it has applied. Each answer
/// also expires at its horizon: the first instant a fact it could read starts or ends (a <c>validTo</c>, a
/// future-dated lift), so an answer the clock flips is recomputed then. A miss — cold, dropped or expired — is one
/// decision on the database. Questions at a past T or K are not cached: ask <see cref="Ledger.DecideAsync(string, Subject, DateTimeOffset, DateTimeOffset?, CancellationToken)"/>.
/// </summary>
public sealed class DecisionCache : IAsyncDisposable
{
    private readonly Ledger _ledger;
    private readonly NpgsqlDataSource _source;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<(string Model, string Subject), Entry> _entries = new();
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private LedgerCheckpoint _applied;
    private Task _following = Task.CompletedTask;
    private volatile bool _broken;

    private DecisionCache(Ledger ledger, NpgsqlDataSource source, TimeProvider time, LedgerCheckpoint head)
    {
        _ledger = ledger;
        _source = source;
        _time = time;
        _applied = head;
    }

    /// <summary>Starts a cache over <paramref name="ledger"/>, following its change feed from the ledger's head; it answers at the ledger's clock.</summary>
    public static async Task<DecisionCache> StartAsync(Ledger ledger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        var cache = new DecisionCache(ledger, ledger.PrimarySource, ledger.Clock, await ledger.GetHeadAsync(cancellationToken).ConfigureAwait(false));
        cache._following = Task.Run(cache.FollowAsync, CancellationToken.None);
        return cache;
    }

    /// <summary>The last position (and its chain hash) of the feed the cache has applied: no answer it gives is older.</summary>
    public LedgerCheckpoint Applied
    {
        get
        {
            lock (_gate)
            {
                return _applied;
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="subject"/> may use <paramref name="modelId"/> now (the ledger's clock), as known at the
    /// answer's <see cref="Decision.Checkpoint"/>, which is never before <see cref="Applied"/> as it was when called.
    /// </summary>
    public async ValueTask<Decision> DecideAsync(string modelId, Subject subject, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        subject = Ledger.Normalize(subject);
        var key = (modelId, KeyOf(subject));
        var now = _time.GetUtcNow();
        if (!_broken && _entries.TryGetValue(key, out var hit) && now < hit.Until)
        {
            return Decider.Decide(hit.State, modelId, subject, now, knownAt: null) with { Checkpoint = hit.Checkpoint };
        }

        while (true)
        {
            var (state, checkpoint, horizon) = await _ledger.LoadDecisionStateAsync(_source, modelId, subject, now, knownAt: null, horizon: true, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                // The feed applied a position this read did not see (it committed meanwhile): read again.
                if (checkpoint.Position < _applied.Position)
                {
                    continue;
                }

                if (!_broken)
                {
                    _entries[key] = new Entry(state, checkpoint, horizon ?? DateTimeOffset.MaxValue);
                }
            }

            return Decider.Decide(state, modelId, subject, now, knownAt: null) with { Checkpoint = checkpoint };
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _following.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task FollowAsync()
    {
        try
        {
            await foreach (var e in _ledger.WatchAsync(Applied.Position, _stop.Token).ConfigureAwait(false))
            {
                lock (_gate)
                {
                    _applied = new LedgerCheckpoint(e.Position, e.Hash);

                    // Every answer computed before this event is dropped, whatever it was about: writes are rare
                    // (docs/decisions.md, "The decision cache"), and no rule has to say which answers an event touches.
                    foreach (var entry in _entries)
                    {
                        if (entry.Value.Checkpoint.Position < e.Position)
                        {
                            _entries.TryRemove(entry);
                        }
                    }
                }
            }
        }
        catch (Exception) when (!_stop.IsCancellationRequested)
        {
            // The feed failed for good (not a lost connection, which it repairs): answer from the database from now on.
            lock (_gate)
            {
                _broken = true;
                _entries.Clear();
            }
        }
    }

    // Subjects as keys: an ad-hoc subject's list of citizenships has no value equality.
    private static string KeyOf(Subject subject) => subject switch
    {
        EnrolledPerson p => "p:" + p.PersonId,
        AdHocSubject a => $"a:{a.OrgId}|{string.Join(',', a.Citizenships)}|{a.UsPersonStatus}|{a.Location}",
        _ => throw new ArgumentOutOfRangeException(nameof(subject), subject, "an unknown kind of subject"),
    };

    // What one decision reads, read at Checkpoint; the same for every T before Until (its horizon).
    private sealed record Entry(DecisionState State, LedgerCheckpoint Checkpoint, DateTimeOffset Until);
}

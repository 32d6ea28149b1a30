using System.Collections.Concurrent;
using AccessLedger.Decisions;
using Npgsql;

namespace AccessLedger.Cache;

/// <summary>
/// Decisions at T = now for an enforcement point, from memory: what a decision reads is read once from the database
/// (<see cref="Decisions.DecisionState"/>), kept until a recorded event or the clock could change what it would read,
/// and each answer is the pure decider's over it at now (an allowed answer, which names no instant but T, is kept
/// whole), with the checkpoint it holds at. The cache
/// follows the ledger's change feed (<see cref="Ledger.WatchAsync"/>); when it applies an event at position P it drops
/// every entry read before P whose decision the event could change (it is on a stream the decision read or could read,
/// or it names the model), and the others hold at P: it never serves an answer older than the position it has
/// applied, and an answer states the later of its read and that position. Each answer
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
    public LedgerCheckpoint Applied => Volatile.Read(ref _applied);

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

        // Applied before the entry is looked up: the feed drops what an event touches before it publishes its position,
        // so an entry found now holds at least at that position.
        var applied = Volatile.Read(ref _applied);
        if (!_broken && _entries.TryGetValue(key, out var hit) && now < hit.Until)
        {
            var holdsAt = hit.Checkpoint.Position >= applied.Position ? hit.Checkpoint : applied;

            // An allowed answer names no instant but T (its basis is the facts in effect, the same until the horizon):
            // it is kept whole. A denial's sentences name T ("not registered at …"), so it is decided again at now.
            return hit.Allowed is { } allowed
                ? allowed with { At = now, Checkpoint = holdsAt }
                : Decider.Decide(hit.State, modelId, subject, now, knownAt: null) with { Checkpoint = holdsAt };
        }

        while (true)
        {
            var (state, checkpoint, horizon) = await _ledger.LoadDecisionStateAsync(_source, modelId, subject, now, knownAt: null, horizon: true, cancellationToken).ConfigureAwait(false);
            var decision = Decider.Decide(state, modelId, subject, now, knownAt: null) with { Checkpoint = checkpoint };
            var entry = new Entry(state, checkpoint, horizon ?? DateTimeOffset.MaxValue, CacheScope.Of(modelId, subject, state), decision.Allowed ? decision : null);
            lock (_gate)
            {
                // The feed applied a position this read did not see (it committed meanwhile): read again.
                if (checkpoint.Position < _applied.Position)
                {
                    continue;
                }

                if (!_broken)
                {
                    _entries[key] = entry;
                }

                return decision;
            }
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
                var touch = CacheScope.Touch.Of(e);
                lock (_gate)
                {
                    foreach (var entry in _entries)
                    {
                        if (entry.Value.Checkpoint.Position < e.Position && entry.Value.Scope.IsTouchedBy(touch))
                        {
                            _entries.TryRemove(entry);
                        }
                    }

                    Volatile.Write(ref _applied, new LedgerCheckpoint(e.Position, e.Hash));
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

    // What one decision reads, read at Checkpoint; the same for every T before Until (its horizon), until an event
    // that touches its scope.
    private sealed record Entry(DecisionState State, LedgerCheckpoint Checkpoint, DateTimeOffset Until, CacheScope Scope, Decision? Allowed);
}

using System.Collections.Concurrent;
using AccessLedger.Chain.Merkle;

namespace AccessLedger.Chain;

/// <summary>
/// What proofs read and never changes once it exists, kept in memory by one <see cref="Ledger"/> after its first use
/// (docs/proofs.md, "Cost"): the hash of a complete subtree (its (level, index) names the same leaves at every tree
/// size), an event's canonical bytes at a position, and the checkpoint a key signed for a size (Ed25519 is
/// deterministic, and the row is append-only). A proof then reads from the database only the pieces it has not seen,
/// and a checkpoint is signed once per size and key, however many callers ask for it at once. Each map holds about
/// its budget of bytes at most (two generations: when the young one fills, it becomes the old one and the old one is
/// dropped; a hit in the old one is copied to the young). Thread-safe.
/// </summary>
/// <remarks>
/// What the cache serves is what the database held when it was first read: a later change to the stored tree or
/// events does not reach bundles from this ledger, and is still what <c>verify</c> names in the database.
/// </remarks>
internal sealed class ProofCache
{
    /// <summary>The default budget of the three maps together: 32 MB.</summary>
    public const long DefaultBudget = 32L << 20;

    // What an entry costs beside its value: the dictionary's entry and node, the key, the array's or string's header.
    private const long EntryOverhead = 96;

    private readonly ConcurrentDictionary<CheckpointKey, Lazy<Task<string>>> _issuing = new();

    /// <summary>A cache holding about <paramref name="budget"/> bytes: a quarter for subtrees, a half for events, a quarter for checkpoints.</summary>
    public ProofCache(long budget = DefaultBudget)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(budget, 4 * EntryOverhead);
        Nodes = new BoundedMap<NodeId, byte[]>(budget / 4, h => h.Length);
        Canonical = new BoundedMap<long, byte[]>(budget / 2, c => c.Length);
        Checkpoints = new BoundedMap<CheckpointKey, string>(budget / 4, n => 2L * n.Length);
    }

    /// <summary>The hashes of complete subtrees.</summary>
    public BoundedMap<NodeId, byte[]> Nodes { get; }

    /// <summary>The canonical bytes of events, by ledger position.</summary>
    public BoundedMap<long, byte[]> Canonical { get; }

    /// <summary>Signed checkpoints, by origin, key ID and size.</summary>
    public BoundedMap<CheckpointKey, string> Checkpoints { get; }

    /// <summary>
    /// The checkpoint of <paramref name="key"/>: the one kept here, else <paramref name="issue"/>'s, run once for all
    /// the callers that ask at the same time (not cancelled when one of them stops waiting), then kept.
    /// </summary>
    public async Task<string> IssueOnceAsync(CheckpointKey key, Func<Task<string>> issue, CancellationToken cancellationToken)
    {
        if (Checkpoints.TryGet(key, out var kept))
        {
            return kept;
        }

        return await _issuing.GetOrAdd(key, k => new Lazy<Task<string>>(() => IssueAndKeepAsync(k, issue))).Value.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> IssueAndKeepAsync(CheckpointKey key, Func<Task<string>> issue)
    {
        try
        {
            var note = await issue().ConfigureAwait(false);
            Checkpoints.Add(key, note);
            return note;
        }
        finally
        {
            // Kept or failed, it is no longer pending: a failure is not kept, the next caller tries again.
            _issuing.TryRemove(key, out _);
        }
    }

    /// <summary>A map of immutable values holding about <c>budget</c> bytes at most (see <see cref="ProofCache"/>).</summary>
    /// <param name="budget">The bytes its two generations hold together, at most (about).</param>
    /// <param name="sizeOf">The bytes a value holds.</param>
    internal sealed class BoundedMap<TKey, TValue>(long budget, Func<TValue, long> sizeOf)
        where TKey : notnull
    {
        private readonly Lock _turn = new();
        private Generation _young = new();
        private Generation _old = new();

        /// <summary>The number of entries held.</summary>
        public int Count => Volatile.Read(ref _young).Entries.Count + Volatile.Read(ref _old).Entries.Count;

        /// <summary>The value of <paramref name="key"/>, if held.</summary>
        public bool TryGet(TKey key, out TValue value)
        {
            if (Volatile.Read(ref _young).Entries.TryGetValue(key, out value!))
            {
                return true;
            }

            if (Volatile.Read(ref _old).Entries.TryGetValue(key, out value!))
            {
                Add(key, value);
                return true;
            }

            return false;
        }

        /// <summary>Holds <paramref name="value"/> for <paramref name="key"/> (a value never changes: a key held keeps its first value).</summary>
        public void Add(TKey key, TValue value)
        {
            var young = Volatile.Read(ref _young);
            if (young.Entries.TryAdd(key, value) && Interlocked.Add(ref young.Bytes, EntryOverhead + sizeOf(value)) > budget / 2)
            {
                lock (_turn)
                {
                    if (ReferenceEquals(_young, young))
                    {
                        Volatile.Write(ref _old, young);
                        Volatile.Write(ref _young, new Generation());
                    }
                }
            }
        }

        private sealed class Generation
        {
            public readonly ConcurrentDictionary<TKey, TValue> Entries = new();
            public long Bytes;
        }
    }
}

/// <summary>Names a signed checkpoint: the key's name (the origin), its ID, and the tree size.</summary>
internal readonly record struct CheckpointKey(string Origin, uint KeyId, long Size);

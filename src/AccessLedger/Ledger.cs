using AccessLedger.Storage;
using AccessLedger.Writes;
using Marten;
using Npgsql;

namespace AccessLedger;

/// <summary>
/// The ledger: records the contract's events append-only and answers, for any model, subject, valid time T and
/// knowledge time K, whether access was allowed and why. Split by concern: <c>Ledger.Write.cs</c> (recording),
/// <c>Ledger.Decide.cs</c> (decisions), <c>Ledger.Read.cs</c> (events as known at K, the head).
/// </summary>
public sealed partial class Ledger : IAsyncDisposable, IDisposable
{
    private readonly IDocumentStore _store;
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly bool _ownsStore;
    private readonly string _schema;
    private readonly ILedgerListener[] _listeners;
    private readonly Replicas.ReplicaReads? _replica;

    /// <summary>A ledger over a Marten store configured with <see cref="LedgerSchema.Configure"/> or <see cref="LedgerSchema.AddTo"/>.</summary>
    /// <param name="store">The store; the ledger does not dispose it.</param>
    /// <param name="time">The clock that stamps <c>recordedAt</c>; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="listeners">Hear every committed write (e.g. to publish notifications).</param>
    public Ledger(IDocumentStore store, TimeProvider? time = null, IEnumerable<ILedgerListener>? listeners = null)
        : this(store, new LedgerOptions { Time = time, Listeners = listeners }, ownsStore: false)
    {
    }

    /// <summary>A ledger over a Marten store, built with <paramref name="options"/> (a read replica, the clock, listeners).</summary>
    /// <param name="store">The store; the ledger does not dispose it.</param>
    /// <param name="options">The ledger's options.</param>
    public Ledger(IDocumentStore store, LedgerOptions options)
        : this(store, options, ownsStore: false)
    {
    }

    private Ledger(IDocumentStore store, LedgerOptions options, bool ownsStore)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ReplicaWait, TimeSpan.Zero);
        _listeners = options.Listeners?.ToArray() ?? [];
        _store = store;
        _time = options.Time ?? TimeProvider.System;
        _ownsStore = ownsStore;
        _replica = options.ReadReplica is { } replica ? new Replicas.ReplicaReads(this, replica, options.ReplicaWait) : null;
        _schema = store.Options.Events.DatabaseSchemaName;
        if (LedgerSchema.SerializerMismatch(store.Options.Serializer()) is { } mismatch)
        {
            throw new InvalidOperationException($"the ledger cannot use this store: {mismatch}");
        }

        _dataSource = (store.Storage.Database as Marten.Storage.MartenDatabase)?.DataSource
            ?? throw new InvalidOperationException("the ledger needs a Marten store with a single PostgreSQL database.");
    }

    /// <summary>A ledger with a store of its own on <paramref name="connectionString"/>, in <paramref name="schema"/>.</summary>
    public static Ledger Create(string connectionString, string schema = LedgerSchema.DefaultSchema, TimeProvider? time = null) =>
        new(LedgerSchema.CreateStore(connectionString, schema), new LedgerOptions { Time = time }, ownsStore: true);

    /// <summary>The Marten store the ledger writes to.</summary>
    public IDocumentStore Store => _store;

    /// <summary>The PostgreSQL schema of this ledger.</summary>
    public string Schema => _schema;

    /// <summary>The primary's data source: writes, the change feed, and what must see every committed write.</summary>
    internal NpgsqlDataSource PrimarySource => _dataSource;

    /// <summary>Where decisions and audits with no minimum position read: the replica when there is one, else the primary.</summary>
    internal NpgsqlDataSource ReadSource => _replica?.Source ?? _dataSource;

    /// <summary>The ledger's clock.</summary>
    internal TimeProvider Clock => _time;

    /// <summary>
    /// Creates or updates the ledger's tables, functions and append-only guard: the one step that changes the
    /// database's schema (<c>accessledger migrate</c>); nothing else the ledger does runs DDL. Run it as the role that
    /// owns the schema. Safe to run concurrently: callers take turns, and a schema already up to date is left as is.
    /// </summary>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var take = new NpgsqlCommand("select pg_advisory_lock(hashtext($1))", connection) { Parameters = { new() { Value = $"{_schema}.ledger-migrate" } } };
            await using (take.ConfigureAwait(false))
            {
                await take.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            try
            {
                await _store.Storage.Database.ApplyAllConfiguredChangesToDatabaseAsync(ct: cancellationToken).ConfigureAwait(false);

                // A ledger written before its facts were kept as rows (timeline documents then) has events but no rows:
                // fill them once from the events, or decisions and audits would see nothing.
                var check = new NpgsqlCommand(
                    $"select not exists (select 1 from {_schema}.{InstrumentFacts.Table}) and exists (select 1 from {_schema}.mt_events where type = any($1))",
                    connection)
                {
                    Parameters = { new() { Value = InstrumentFacts.Types } },
                };
                await using (check.ConfigureAwait(false))
                {
                    if (await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
                    {
                        await RebuildFactsAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                // A ledger written before its Merkle tree was kept: build the tree of the events it holds (and finish one
                // a migration left behind), so proofs cover every event and writes can extend it.
                var behind = new NpgsqlCommand(Chain.MerkleNodes.BehindSql(_schema), connection);
                await using (behind.ConfigureAwait(false))
                {
                    if (await behind.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
                    {
                        await Chain.MerkleNodes.FillAsync(_dataSource, _schema, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            finally
            {
                var release = new NpgsqlCommand("select pg_advisory_unlock(hashtext($1))", connection) { Parameters = { new() { Value = $"{_schema}.ledger-migrate" } } };
                await using (release.ConfigureAwait(false))
                {
                    await release.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _ownsStore ? _store.DisposeAsync() : ValueTask.CompletedTask;

    /// <inheritdoc />
    public void Dispose()
    {
        // A container may dispose its singletons synchronously; a ledger over the host's store owns nothing.
        if (_ownsStore)
        {
            _store.Dispose();
        }
    }
}

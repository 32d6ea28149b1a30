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

    /// <summary>A ledger over a Marten store configured with <see cref="LedgerSchema.Configure"/> or <see cref="LedgerSchema.AddTo"/>.</summary>
    /// <param name="store">The store; the ledger does not dispose it.</param>
    /// <param name="time">The clock that stamps <c>recordedAt</c>; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="listeners">Hear every committed write (e.g. to publish notifications).</param>
    public Ledger(IDocumentStore store, TimeProvider? time = null, IEnumerable<ILedgerListener>? listeners = null)
        : this(store, time, ownsStore: false, listeners)
    {
    }

    private Ledger(IDocumentStore store, TimeProvider? time, bool ownsStore, IEnumerable<ILedgerListener>? listeners = null)
    {
        _listeners = listeners?.ToArray() ?? [];
        _store = store;
        _time = time ?? TimeProvider.System;
        _ownsStore = ownsStore;
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
        new(LedgerSchema.CreateStore(connectionString, schema), time, ownsStore: true);

    /// <summary>The Marten store the ledger writes to.</summary>
    public IDocumentStore Store => _store;

    /// <summary>The PostgreSQL schema of this ledger.</summary>
    public string Schema => _schema;

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

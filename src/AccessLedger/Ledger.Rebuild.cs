using AccessLedger.Chain;
using AccessLedger.Storage;
using Npgsql;

namespace AccessLedger;

public sealed partial class Ledger
{
    /// <summary>
    /// Rewrites the fact rows (<c>al_fact</c>, <c>al_subject_fact</c>) from the chained events, as set operations in
    /// the database: both tables truncated and refilled by one <c>insert … select</c> each, in one transaction, so
    /// readers see the old rows or the new, never none. Run it as the schema's owner (the append-only guard of the
    /// fact tables is switched off for the truncate inside this transaction only) with writers stopped; it takes the
    /// write lock, so a writer that does run waits.
    /// </summary>
    public async Task RebuildFactsAsync(CancellationToken cancellationToken = default)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // One statement per table over the whole ledger: no time limit.
                var batch = new NpgsqlBatch(connection, transaction) { Timeout = 0 };
                await using (batch.ConfigureAwait(false))
                {
                    batch.BatchCommands.Add(new NpgsqlBatchCommand("select pg_advisory_xact_lock(hashtext($1))") { Parameters = { new() { Value = $"{_schema}.ledger-write" } } });
                    foreach (var table in ChainGuard.FactTables)
                    {
                        batch.BatchCommands.Add(new NpgsqlBatchCommand($"alter table {_schema}.{table} disable trigger al_append_only_truncate"));
                        batch.BatchCommands.Add(new NpgsqlBatchCommand($"truncate {_schema}.{table}"));
                        batch.BatchCommands.Add(new NpgsqlBatchCommand($"alter table {_schema}.{table} enable trigger al_append_only_truncate"));
                    }

                    batch.BatchCommands.Add(new NpgsqlBatchCommand($"insert into {_schema}.{InstrumentFacts.Table} ({InstrumentFacts.ColumnList}) {InstrumentFacts.ExpectedRowsSql(_schema)}"));
                    batch.BatchCommands.Add(new NpgsqlBatchCommand($"insert into {_schema}.{SubjectFacts.Table} ({SubjectFacts.ColumnList}) {SubjectFacts.ExpectedRowsSql(_schema)}"));
                    await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }
}

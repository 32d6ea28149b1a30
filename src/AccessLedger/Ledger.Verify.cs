using AccessLedger.Chain;
using AccessLedger.Decisions;
using AccessLedger.Storage;
using Npgsql;

namespace AccessLedger;

public sealed partial class Ledger
{
    /// <summary>
    /// Recomputes the hash chain from the stored events and reports the first position where it breaks: an event
    /// changed, deleted, inserted or reordered; and the decision log's chain (<see cref="RecordDecisions"/>), naming
    /// its first entry changed, deleted or moved (<see cref="VerificationResult.FirstBrokenDecision"/>). With <paramref name="checkpoint"/> (saved outside the database), also
    /// whether the history up to it was rewritten, even if rewritten consistently.
    /// </summary>
    /// <param name="checkpoint">A head read earlier with <see cref="GetHeadAsync"/>.</param>
    /// <param name="progress">Hears the number of positions checked, every 10,000.</param>
    /// <param name="cancellationToken">Stops the check.</param>
    public Task<VerificationResult> VerifyAsync(LedgerCheckpoint? checkpoint = null, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        VerifyAsync(checkpoint, deep: false, progress, cancellationToken);

    /// <summary>
    /// As <see cref="VerifyAsync(LedgerCheckpoint?, IProgress{long}?, CancellationToken)"/>; with <paramref name="deep"/>,
    /// also derives every fact row again from the events (in the database, as a rebuild would) and compares them with
    /// the rows decisions and audits read (<c>al_fact</c>, <c>al_subject_fact</c>), naming each difference. Those
    /// rows are append-only under the guard, but a role that may insert them could add one without touching the
    /// chain: the deep check shows it.
    /// </summary>
    /// <param name="checkpoint">A head read earlier with <see cref="GetHeadAsync"/>.</param>
    /// <param name="deep">Also compare the fact rows with the events (in the database).</param>
    /// <param name="progress">Hears the number of positions checked, every 10,000.</param>
    /// <param name="cancellationToken">Stops the check.</param>
    public async Task<VerificationResult> VerifyAsync(LedgerCheckpoint? checkpoint, bool deep, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        var result = await new ChainVerifier(_dataSource, _schema).VerifyAsync(checkpoint, progress, cancellationToken).ConfigureAwait(false);
        var (decisions, brokenDecision, decisionProblem) = await new DecisionLog(_dataSource, _schema).VerifyAsync(cancellationToken).ConfigureAwait(false);
        result = result with { DecisionsChecked = decisions, FirstBrokenDecision = brokenDecision, DecisionLogProblem = decisionProblem };
        return deep
            ? result with { DerivedStateChecked = true, DerivedStateProblems = await DerivedStateProblemsAsync(cancellationToken).ConfigureAwait(false) }
            : result;
    }

    /// <summary>
    /// Computes every fact row again from the chained events, in the database (the rebuild's own SQL, an
    /// independent derivation from the write path's), and names each row of the fact tables that no event
    /// accounts for or that differs from its event, and each row an event should have and the table lacks.
    /// </summary>
    private async Task<IReadOnlyList<string>> DerivedStateProblemsAsync(CancellationToken cancellationToken)
    {
        const int Shown = 100;
        var tables = new (string Table, string Columns, string Expected)[]
        {
            (InstrumentFacts.Table, InstrumentFacts.ColumnList, InstrumentFacts.ExpectedRowsSql(_schema)),
            (SubjectFacts.Table, SubjectFacts.ColumnList, SubjectFacts.ExpectedRowsSql(_schema)),
        };
        var problems = new List<string>();
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            foreach (var (table, columns, expected) in tables)
            {
                // "position" and "type" name the row in both tables; the rest is compared column for column.
                var command = new NpgsqlCommand(
                    $"""
                    (select 'extra', position, type from (select {columns} from {_schema}.{table} except all {expected}) x order by position limit {Shown})
                    union all
                    (select 'missing', position, type from ({expected} except all select {columns} from {_schema}.{table}) x order by position limit {Shown})
                    """,
                    connection) { CommandTimeout = 0 };
                await using (command.ConfigureAwait(false))
                {
                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            var (position, type) = (reader.GetInt64(1), reader.GetString(2));
                            problems.Add(reader.GetString(0) == "extra"
                                ? $"{table} holds a row for position {position} ({type}) that no event accounts for, or that differs from its event: decisions and audits read a changed history."
                                : $"{table} lacks a row of the event at position {position} ({type}).");
                        }
                    }
                }
            }

            return problems;
        }
    }
}

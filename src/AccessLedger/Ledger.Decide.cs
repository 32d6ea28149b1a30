using AccessLedger.Decisions;
using AccessLedger.Diagnostics;
using AccessLedger.Rules;
using AccessLedger.Storage;
using AccessLedger.Timelines;
using Npgsql;

namespace AccessLedger;

public sealed partial class Ledger
{
    /// <summary>
    /// Decides whether <paramref name="subject"/> may use <paramref name="modelId"/> at valid time
    /// <paramref name="at"/>, as the ledger knew it at <paramref name="knownAt"/> (null: as known now). One round trip
    /// reads the facts the decision can use, by index: what it reads depends on the instruments that name the model
    /// and on the subject, not on the length of the ledger or the instruments' histories.
    /// </summary>
    public async Task<Decision> DecideAsync(string modelId, Subject subject, DateTimeOffset at, DateTimeOffset? knownAt = null, CancellationToken cancellationToken = default)
    {
        using var activity = LedgerTelemetry.StartDecision(_schema, modelId);
        var started = _time.GetTimestamp();
        subject = Normalize(subject);
        var (state, checkpoint) = await LoadDecisionStateAsync(modelId, subject, at, knownAt, cancellationToken).ConfigureAwait(false);
        var decision = Decider.Decide(state, modelId, subject, at, knownAt) with { Checkpoint = checkpoint };
        await LogAsync(decision, cancellationToken).ConfigureAwait(false);
        LedgerTelemetry.Decided(activity, _schema, decision, _time.GetElapsedTime(started));
        return decision;
    }

    private static Subject Normalize(Subject subject) => subject switch
    {
        AdHocSubject a => a with
        {
            Citizenships = a.Citizenships.Select(c => FieldRules.CheckCountry("citizenship", c)).ToArray(),
            Location = FieldRules.CheckCountry("location", a.Location),
        },
        _ => subject,
    };

    /// <summary>
    /// Reads, in one round trip, the facts a decision about the model and subject at (T, K) can use (found by index:
    /// <see cref="InstrumentFacts.SelectDecision"/>, <see cref="SubjectFacts.SelectDecision"/>) and the ledger head,
    /// and folds them into the timelines the decider reads.
    /// </summary>
    internal async Task<(DecisionState State, LedgerCheckpoint Checkpoint)> LoadDecisionStateAsync(string modelId, Subject subject, DateTimeOffset at, DateTimeOffset? knownAt, CancellationToken cancellationToken)
    {
        var personId = (subject as EnrolledPerson)?.PersonId;
        var orgId = (subject as AdHocSubject)?.OrgId ?? "";
        var k = knownAt ?? Forever;

        // Prepared once per physical connection (Npgsql keeps it across pooled uses): no planning per decision.
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand(InstrumentFacts.SelectDecision(_schema))
                    {
                        Parameters = { new("model", modelId), new("person", personId ?? ""), new("org", orgId), new("at", at), new("known_at", k) },
                    },
                    new NpgsqlBatchCommand(SubjectFacts.SelectDecision(_schema))
                    {
                        Parameters = { new("model", modelId), new("person", personId ?? ""), new("org", orgId), new("at", at), new("known_at", k) },
                    },
                    new NpgsqlBatchCommand(Chain.ChainLinks.HeadSql(_schema)),
                },
            };
            await using (batch.ConfigureAwait(false))
            {
                await batch.PrepareAsync(cancellationToken).ConfigureAwait(false);
                var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    var set = new TimelineSet();
                    await set.ReadAsync(reader, cancellationToken).ConfigureAwait(false);
                    await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                    var head = await Chain.ChainLinks.ReadHeadAsync(reader, cancellationToken).ConfigureAwait(false);
                    return (DecisionState.From(set, modelId, personId), new LedgerCheckpoint(head.Position, Convert.ToHexStringLower(head.Hash)));
                }
            }
        }
    }

    /// <summary>The knowledge time that stands for "as known now" in the fact queries: later than any recording.</summary>
    private static readonly DateTimeOffset Forever = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);
}

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
    /// <remarks>With a read replica (<see cref="LedgerOptions.ReadReplica"/>), the question is asked of the replica, which
    /// may not have replayed the latest writes yet: the answer's checkpoint says how far it had.</remarks>
    public Task<Decision> DecideAsync(string modelId, Subject subject, DateTimeOffset at, DateTimeOffset? knownAt = null, CancellationToken cancellationToken = default) =>
        DecideAsync(new DecisionQuestion(modelId, subject, at) { KnownAt = knownAt }, cancellationToken);

    /// <summary>
    /// Answers a question of LEDGER.md section 7.3: as <see cref="DecideAsync(string, Subject, DateTimeOffset, DateTimeOffset?, CancellationToken)"/>,
    /// for the question's activity (a ban applies only if it controls the activity, an exception relieves only the
    /// activities it names).
    /// </summary>
    /// <exception cref="ArgumentException">The question's activity is not an identifier (a slug).</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026", Justification = "The overloads differ in their first parameter's type; no call is ambiguous.")]
    public async Task<Decision> DecideAsync(DecisionQuestion question, CancellationToken cancellationToken = default) =>
        (await DecideCoreAsync(ReadSource, question, horizon: false, cancellationToken).ConfigureAwait(false)).Decision;

    /// <summary>
    /// Decides as <see cref="DecideAsync(string, Subject, DateTimeOffset, DateTimeOffset?, CancellationToken)"/>, at a
    /// ledger position of at least <paramref name="atLeastPosition"/> (e.g. a write's
    /// <see cref="Writes.RecordResult.Position"/>: read-your-writes, like a zookie that never expires). On a read
    /// replica that has not replayed it yet, waits up to <see cref="LedgerOptions.ReplicaWait"/>, then asks the
    /// primary. The answer's checkpoint is never before <paramref name="atLeastPosition"/> unless the ledger itself has
    /// not reached it.
    /// </summary>
    public Task<Decision> DecideAtLeastAsync(long atLeastPosition, string modelId, Subject subject, DateTimeOffset at, DateTimeOffset? knownAt = null, CancellationToken cancellationToken = default) =>
        _replica is null
            ? DecideAsync(modelId, subject, at, knownAt, cancellationToken)
            : _replica.DecideAsync(modelId, subject, at, knownAt, atLeastPosition, cancellationToken);

    /// <summary>
    /// A decision read from <paramref name="source"/> (the primary or a replica), with, when
    /// <paramref name="horizon"/> is set, the first instant after the question's T at which one of the facts
    /// it can use starts or ends (<see cref="Cache.DecisionHorizon"/>): until then, the answer at a later T as known at
    /// the same K is the same. Null: no such instant.
    /// </summary>
    internal Task<(Decision Decision, DateTimeOffset? Horizon)> DecideCoreAsync(
        NpgsqlDataSource source, string modelId, Subject subject, DateTimeOffset at, DateTimeOffset? knownAt, bool horizon, CancellationToken cancellationToken) =>
        DecideCoreAsync(source, new DecisionQuestion(modelId, subject, at) { KnownAt = knownAt }, horizon, cancellationToken);

    /// <summary>As the overload above, for a whole question (its activity included).</summary>
    internal async Task<(Decision Decision, DateTimeOffset? Horizon)> DecideCoreAsync(NpgsqlDataSource source, DecisionQuestion question, bool horizon, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        var (modelId, subject, at) = (question.ModelId, question.Subject, question.At);
        var knownAt = question.KnownAt;
        CheckActivity(question.Activity, nameof(question));

        using var trace = LedgerTelemetry.StartDecision(_schema, modelId);
        var started = _time.GetTimestamp();
        subject = Normalize(subject);
        var (state, checkpoint, next) = await LoadDecisionStateAsync(source, modelId, subject, at, knownAt, horizon, cancellationToken, question.Knowledge).ConfigureAwait(false);
        var decision = Decider.Decide(state, question with { Subject = subject }) with { Checkpoint = checkpoint };
        await LogAsync(decision, cancellationToken).ConfigureAwait(false);
        LedgerTelemetry.Decided(trace, _schema, decision, _time.GetElapsedTime(started));
        return (decision, next);
    }

    internal static Subject Normalize(Subject subject) => subject switch
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
    /// and folds them into the timelines the decider reads; with <paramref name="horizon"/>, the decision's horizon too.
    /// </summary>
    internal async Task<(DecisionState State, LedgerCheckpoint Checkpoint, DateTimeOffset? Horizon)> LoadDecisionStateAsync(
        NpgsqlDataSource source, string modelId, Subject subject, DateTimeOffset at, DateTimeOffset? knownAt, bool horizon, CancellationToken cancellationToken,
        KnowledgeBasis knowledge = KnowledgeBasis.Recorded)
    {
        var personId = (subject as EnrolledPerson)?.PersonId;
        var orgId = (subject as AdHocSubject)?.OrgId ?? "";
        var k = knownAt ?? Forever;

        // Prepared once per physical connection (Npgsql keeps it across pooled uses): no planning per decision.
        var connection = await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // One snapshot for every statement (in read committed each would take its own): otherwise a write committing
            // between them would give a head newer than the facts, and the answer would claim a position it did not see.
            var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand("begin transaction isolation level repeatable read read only"),
                    new NpgsqlBatchCommand(InstrumentFacts.SelectDecision(_schema))
                    {
                        Parameters = { new("model", modelId), new("person", personId ?? ""), new("org", orgId), new("at", at), new("known_at", k), new("notice", knowledge == KnowledgeBasis.Notice) },
                    },
                    new NpgsqlBatchCommand(SubjectFacts.SelectDecision(_schema))
                    {
                        Parameters = { new("model", modelId), new("person", personId ?? ""), new("org", orgId), new("at", at), new("known_at", k), new("notice", knowledge == KnowledgeBasis.Notice) },
                    },
                    new NpgsqlBatchCommand(Chain.ChainLinks.HeadSql(_schema)),
                },
            };
            if (horizon)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand(Cache.DecisionHorizon.Sql(_schema))
                {
                    Parameters = { new("model", modelId), new("person", personId ?? ""), new("org", orgId), new("at", at), new("known_at", k), new("notice", knowledge == KnowledgeBasis.Notice) },
                });
            }

            batch.BatchCommands.Add(new NpgsqlBatchCommand("commit"));
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
                    var next = horizon ? await Cache.DecisionHorizon.ReadAsync(reader, cancellationToken).ConfigureAwait(false) : null;
                    return (DecisionState.From(set, modelId, personId), new LedgerCheckpoint(head.Position, Convert.ToHexStringLower(head.Hash)), next);
                }
            }
        }
    }

    /// <summary>The knowledge time that stands for "as known now" in the fact queries: later than any recording.</summary>
    private static readonly DateTimeOffset Forever = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);
}

using AccessLedger.Decisions;
using AccessLedger.Tests.Infrastructure;
using Shouldly;

namespace AccessLedger.Tests.Properties;

/// <summary>
/// The same property through PostgreSQL: recorded by the ledger, decided from the fact rows a (model, subject, T, K)
/// selects. The codes must equal the replay oracle's; and the whole answer — every sentence, every cited event, the
/// basis — must equal the decision over the full history folded in memory, so reading only the rows "in effect"
/// never loses a fact an answer cites. Then the rows are rebuilt from the events and every answer is asked again.
/// </summary>
public sealed class StoredTimelinesMatchReplayTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    [Fact]
    public async Task decisions_read_from_postgres_equal_the_replay_of_raw_events_for_many_random_histories()
    {
        // Histories share one ledger: each has its own ids and its own stretch of time, so they cannot interact.
        fixture.Clock.SetUtcNow(new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var position = (await fixture.Ledger.GetHeadAsync()).Position + 1;
        var mismatches = new List<string>();
        var asked = new List<(DecisionQuestion Question, string Answer)>();
        for (var n = 0; n < 60; n++)
        {
            // Every fourth history is a world of ownership chains under bans on parties (the 50 % rule's recursive read).
            var generator = new HistoryGenerator(1000 + n, prefix: $"h{n}-", origin: new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(100 * n))
            {
                OwnershipWorld = n % 4 == 3,
            };
            var (history, commands) = generator.Generate(attempts: 60, firstPosition: position);
            await fixture.Ledger.RecordBatchAsync(commands);
            position += history.Count;
            var folded = new Timelines.TimelineSet();
            foreach (var (e, at) in history)
            {
                folded.Apply(e, at);
            }

            for (var i = 0; i < 25; i++)
            {
                var (model, subject, at, knownAt) = generator.Question(history);
                var question = new DecisionQuestion(model, subject, at) { KnownAt = knownAt, Activity = generator.Activity(), Knowledge = generator.Knowledge() };
                var stored = await fixture.Ledger.DecideAsync(question);
                var oracle = ReplayOracle.Decide(history, model, subject, at, knownAt, question.Activity, question.Knowledge);
                if (!stored.Reasons.Select(r => r.Code).SequenceEqual(oracle.Codes))
                {
                    mismatches.Add($"{question}: stored [{string.Join(",", stored.Reasons.Select(r => r.Code))}] oracle [{string.Join(",", oracle.Codes)}]");
                }

                var whole = Decider.Decide(DecisionState.From(folded, model, (subject as EnrolledPerson)?.PersonId), question);
                var answer = Answer(stored);
                if (answer != Answer(whole))
                {
                    mismatches.Add($"{question}: from the rows {answer}, from the whole fold {Answer(whole)}");
                }

                asked.Add((question, answer));
            }
        }

        mismatches.ShouldBeEmpty();
        asked.Count.ShouldBe(60 * 25);

        await fixture.Ledger.RebuildFactsAsync();
        foreach (var (question, answer) in asked)
        {
            Answer(await fixture.Ledger.DecideAsync(question)).ShouldBe(answer, $"after the rebuild: {question}");
        }

        (await fixture.Ledger.VerifyAsync(checkpoint: null, deep: true)).DerivedStateProblems.ShouldBeEmpty();
    }

    /// <summary>The whole answer as the contract's JSON, without the checkpoint (the fold has none).</summary>
    private static string Answer(Decision decision) => DecisionJson.Serialize(decision with { Checkpoint = null });
}

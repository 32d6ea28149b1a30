using AccessLedger.Decisions;
using AccessLedger.Tests.Infrastructure;
using Shouldly;

namespace AccessLedger.Tests.Properties;

/// <summary>The same property through PostgreSQL: recorded by the ledger, decided from the stored timelines.</summary>
public sealed class StoredTimelinesMatchReplayTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    [Fact]
    public async Task decisions_read_from_postgres_equal_the_replay_of_raw_events_for_many_random_histories()
    {
        // Histories share one ledger: each has its own ids and its own stretch of time, so they cannot interact.
        fixture.Clock.SetUtcNow(new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var position = (await fixture.Ledger.GetHeadAsync()).Position + 1;
        var mismatches = new List<string>();
        for (var n = 0; n < 40; n++)
        {
            var generator = new HistoryGenerator(1000 + n, prefix: $"h{n}-", origin: new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(100 * n));
            var (history, commands) = generator.Generate(attempts: 60, firstPosition: position);
            await fixture.Ledger.RecordBatchAsync(commands);
            position += history.Count;
            for (var i = 0; i < 15; i++)
            {
                var (model, subject, at, knownAt) = generator.Question(history);
                var stored = await fixture.Ledger.DecideAsync(model, subject, at, knownAt);
                var oracle = ReplayOracle.Decide(history, model, subject, at, knownAt);
                if (!stored.Reasons.Select(r => r.Code).SequenceEqual(oracle.Codes))
                {
                    mismatches.Add($"{model} {subject} T={at:O} K={knownAt:O}: stored [{string.Join(",", stored.Reasons.Select(r => r.Code))}] oracle [{string.Join(",", oracle.Codes)}]");
                }
            }
        }

        mismatches.ShouldBeEmpty();
    }
}

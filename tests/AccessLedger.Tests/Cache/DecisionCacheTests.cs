using System.Collections.Concurrent;
using AccessLedger.Cache;
using AccessLedger.Decisions;
using AccessLedger.Events;
using AccessLedger.Tests.Infrastructure;
using Shouldly;

namespace AccessLedger.Tests.Cache;

/// <summary>The decision cache on real PostgreSQL: same answers as the database, linearizable under a writer, expiry by the clock.</summary>
public sealed class DecisionCacheTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    private static readonly string[] Persons = ["lena", "sam", "priya", "kenji"];
    private static readonly string[] Models = ["mythos-5", "fable-5"];

    [Fact]
    public async Task a_cached_answer_is_the_databases_at_now_and_states_its_checkpoint()
    {
        var ledger = await fixture.NewLedgerAsync();
        await ledger.RecordBatchAsync(Infrastructure.Scenario.Commands());
        await using var cache = await DecisionCache.StartAsync(ledger);

        foreach (var model in Models)
        {
            foreach (var person in Persons)
            {
                var expected = await ledger.DecideAsync(model, Subject.Person(person), fixture.Clock.GetUtcNow());
                for (var ask = 0; ask < 2; ask++)
                {
                    var cached = await cache.DecideAsync(model, Subject.Person(person));
                    Summary(cached).ShouldBe(Summary(expected), $"{model} {person}, ask {ask}");
                    cached.Basis.ShouldBe(expected.Basis);
                }
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task after_each_event_of_a_random_history_every_cached_answer_is_the_databases(int seed)
    {
        var clock = TestDatabase.Clock();
        var ledger = await fixture.NewLedgerAsync(clock);
        var generator = new Properties.HistoryGenerator(seed, origin: clock.GetUtcNow().AddDays(-70));
        var (_, commands) = generator.Generate(160);
        await using var cache = await DecisionCache.StartAsync(ledger);
        Subject[] subjects =
        [
            .. generator.People.Select(Subject.Person),
            .. generator.Organizations.Select(o => Subject.AdHoc(o, ["DE"], UsPersonStatus.None, "US")),
            Subject.AdHoc(generator.Organizations[1], ["US"], UsPersonStatus.Citizen, "US"),
        ];
        var recorded = 0;
        foreach (var command in commands.Where(c => c.RecordedAt <= clock.GetUtcNow()))
        {
            var position = (await ledger.RecordAsync(command)).Position;
            recorded++;
            using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            {
                while (cache.Applied.Position < position)
                {
                    await Task.Delay(2, deadline.Token);
                }
            }

            foreach (var model in generator.Models)
            {
                foreach (var subject in subjects)
                {
                    var cached = await cache.DecideAsync(model, subject);
                    var stored = await ledger.DecideAsync(model, subject, clock.GetUtcNow());
                    Summary(cached).ShouldBe(Summary(stored), $"after position {position} ({command.Event.GetType().Name})");
                }
            }
        }

        recorded.ShouldBeGreaterThan(25);
    }

    [Fact]
    public async Task what_a_decision_read_at_T_answers_every_later_T_before_its_horizon()
    {
        var ledger = await fixture.NewLedgerAsync();
        await ledger.RecordBatchAsync(Infrastructure.Scenario.Commands());
        var events = await ledger.ReadEventsAsync().ToListAsync();

        // What a decision reads changes only where a fact starts or ends: checking those instants (and just before them) is exhaustive.
        var instants = events.Select(e => e.ValidFrom).Concat(events.Select(e => Events.EventCatalog.ValidToOf(e.Data)).OfType<DateTimeOffset>())
            .SelectMany(t => new[] { t, t.AddTicks(-10) }).Distinct().Order().ToList();
        var checkedIntervals = 0;
        foreach (var model in Models)
        {
            foreach (var person in Persons)
            {
                foreach (var at in instants)
                {
                    var (state, _, horizon) = await ledger.LoadDecisionStateAsync(ledger.PrimarySource, model, Subject.Person(person), at, null, horizon: true, CancellationToken.None);
                    var atRead = Decider.Decide(state, model, Subject.Person(person), at, null);
                    var until = horizon ?? DateTimeOffset.MaxValue;
                    until.ShouldBeGreaterThan(at);
                    foreach (var later in instants.Where(t => t > at && t < until))
                    {
                        var fromState = Decider.Decide(state, model, Subject.Person(person), later, null);
                        var fromDatabase = await ledger.DecideAsync(model, Subject.Person(person), later);
                        Summary(fromState).ShouldBe(Summary(fromDatabase with { Checkpoint = null }), $"{model} {person} read at {at:O}, horizon {horizon:O}, asked at {later:O}");
                        if (atRead.Allowed)
                        {
                            // The cache keeps an allowed answer whole: only its T changes before the horizon.
                            Summary(atRead with { At = later }).ShouldBe(Summary(fromState));
                            atRead.Basis.ShouldBe(fromDatabase.Basis);
                        }

                        checkedIntervals++;
                    }
                }
            }
        }

        checkedIntervals.ShouldBeGreaterThan(0);
    }

    private static string Summary(Decision d) =>
        $"{d.ModelId} {d.Subject} at {d.At:O} allowed {d.Allowed} at {d.Checkpoint}: {string.Join(" | ", d.Reasons.Select(r => $"{r.Code} {r.Message} [{string.Join(", ", r.Events)}]"))}";

    [Fact]
    public async Task under_a_concurrent_writer_no_answer_is_older_than_the_position_applied_and_each_is_right_at_its_checkpoint()
    {
        var ledger = await fixture.NewLedgerAsync();
        await ledger.RecordBatchAsync(Infrastructure.Scenario.Commands());
        await using var cache = await DecisionCache.StartAsync(ledger);
        const int writes = 30;
        var allowedAfter = new ConcurrentDictionary<long, bool> { [21] = true };
        using var done = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < writes; i++)
            {
                var (command, allowed) = Toggles.Toggle(i, "cache");
                var result = await ledger.RecordAsync(command);
                allowedAfter[result.Position] = allowed;
                await Task.Delay(Random.Shared.Next(0, 15));
            }
        });

        var answers = new ConcurrentBag<(long Applied, long Position, bool Allowed)>();
        var readers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            while (!writer.IsCompleted || cache.Applied.Position < 21 + writes)
            {
                var applied = cache.Applied.Position;
                var decision = await cache.DecideAsync("mythos-5", Subject.Person("lena"));
                answers.Add((applied, decision.Checkpoint!.Position, decision.Allowed));
            }
        })).ToArray();
        await writer;
        await Task.WhenAll(readers).WaitAsync(TimeSpan.FromSeconds(60));

        answers.ShouldAllBe(a => a.Position >= a.Applied, "an answer older than the position the cache had applied");
        foreach (var (_, position, allowed) in answers)
        {
            allowed.ShouldBe(allowedAfter[position], $"the answer stated at position {position}");
        }

        answers.Select(a => a.Position).Distinct().Count().ShouldBeGreaterThan(writes / 3, "the cache followed the writes");
        (await cache.DecideAsync("mythos-5", Subject.Person("lena"))).Checkpoint!.Position.ShouldBe(21 + writes);
    }

    [Fact]
    public async Task an_answer_expires_when_the_clock_passes_its_horizon_with_no_event()
    {
        var clock = TestDatabase.Clock();
        var ledger = await fixture.NewLedgerAsync(clock);
        var ends = clock.GetUtcNow().AddHours(1);
        await ledger.RecordBatchAsync(Expiring.Commands(ends));
        await using var cache = await DecisionCache.StartAsync(ledger);

        (await cache.DecideAsync("m1", Subject.Person("p1"))).Allowed.ShouldBeTrue();
        clock.Advance(TimeSpan.FromMinutes(59));
        (await cache.DecideAsync("m1", Subject.Person("p1"))).Allowed.ShouldBeTrue();
        clock.Advance(TimeSpan.FromMinutes(1));

        var after = await cache.DecideAsync("m1", Subject.Person("p1"));
        after.Allowed.ShouldBeFalse();
        after.Reasons.Single().Code.ShouldBe(ReasonCodes.LegalBan);
        after.Checkpoint!.Position.ShouldBe(6);
        after.At.ShouldBe(ends);
    }
}

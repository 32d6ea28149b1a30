using System.Diagnostics;
using AccessLedger.Decisions;
using AccessLedger.Feed;
using AccessLedger.Tests.Infrastructure;
using Shouldly;

namespace AccessLedger.Tests.Cache;

/// <summary>The feed of decision flips on real PostgreSQL: every flip once and in order, and the clock's own flips.</summary>
public sealed class DecisionFlipTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    [Fact]
    public async Task every_flip_of_the_watched_pairs_is_delivered_once_in_order_with_its_events_checkpoint()
    {
        var clock = TestDatabase.Clock();
        var ledger = await fixture.NewLedgerAsync(clock);
        await ledger.RecordBatchAsync(Infrastructure.Scenario.Commands());
        (string, Subject)[] pairs = [("mythos-5", Subject.Person("lena")), ("mythos-5", Subject.Person("sam")), ("fable-5", Subject.Person("lena"))];
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var flips = ledger.WatchDecisionsAsync(pairs, cancellation.Token).GetAsyncEnumerator(cancellation.Token);
        var initial = new List<DecisionFlip>();
        for (var i = 0; i < pairs.Length; i++)
        {
            (await flips.MoveNextAsync()).ShouldBeTrue();
            initial.Add(flips.Current);
        }

        initial.Select(f => (f.Decision.ModelId, f.Decision.Subject, f.Decision.Allowed, f.Change))
            .ShouldBe([("mythos-5", Subject.Person("lena"), true, DecisionChange.Initial), ("mythos-5", Subject.Person("sam"), true, DecisionChange.Initial), ("fable-5", Subject.Person("lena"), false, DecisionChange.Initial)]);

        // Written as fast as the ledger takes them, without waiting for the watcher: each recorded a second apart.
        const int writes = 12;
        for (var i = 0; i < writes; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await ledger.RecordAsync(Toggles.Toggle(i, "flip").Command);
        }

        var delivered = new List<DecisionFlip>();
        for (var i = 0; i < 2 * writes; i++)
        {
            (await flips.MoveNextAsync()).ShouldBeTrue();
            delivered.Add(flips.Current);
        }

        var expected = Enumerable.Range(0, writes).SelectMany(i => new[] { ("lena", 22L + i), ("sam", 22L + i) })
            .Select((x, n) => ("mythos-5", Subject.Person(x.Item1), x.Item2, n / 2 % 2 == 1, DecisionChange.Recorded));
        delivered.Select(f => (f.Decision.ModelId, f.Decision.Subject, f.Decision.Checkpoint!.Position, f.Decision.Allowed, f.Change)).ShouldBe(expected);

        // Nothing more: fable-5 never flipped, no flip was delivered twice.
        var more = flips.MoveNextAsync().AsTask();
        (await Task.WhenAny(more, Task.Delay(500))).ShouldNotBe(more);
        await cancellation.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(more);
    }

    [Fact]
    public async Task a_flip_the_clock_makes_when_an_exception_ends_is_delivered_within_half_a_second()
    {
        var ledger = await fixture.NewLedgerAsync(TimeProvider.System);
        var ends = Expiring.WholeSecondAfter(TimeProvider.System.GetUtcNow(), TimeSpan.FromSeconds(2));
        await ledger.RecordBatchAsync(Expiring.Commands(ends));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var flips = ledger.WatchDecisionsAsync([("m1", Subject.Person("p1"))], cancellation.Token).GetAsyncEnumerator(cancellation.Token);

        (await flips.MoveNextAsync()).ShouldBeTrue();
        flips.Current.Decision.Allowed.ShouldBeTrue();
        (await flips.MoveNextAsync()).ShouldBeTrue();
        var received = TimeProvider.System.GetUtcNow();

        flips.Current.Change.ShouldBe(DecisionChange.Clock);
        flips.Current.Decision.Allowed.ShouldBeFalse();
        flips.Current.Decision.Checkpoint!.Position.ShouldBe(6);
        received.ShouldBeGreaterThanOrEqualTo(ends);
        (received - ends).ShouldBeLessThan(TimeSpan.FromMilliseconds(500));
    }
}

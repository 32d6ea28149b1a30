using AccessLedger.Chain;
using AccessLedger.Chain.Merkle;
using Shouldly;

namespace AccessLedger.UnitTests.Chain.Proofs;

/// <summary>The ledger's cache of what proofs read: bounded, first value kept, a checkpoint issued once for concurrent callers.</summary>
public sealed class ProofCacheTests
{
    [Fact]
    public void the_cache_holds_about_its_budget_and_keeps_what_was_used_last()
    {
        var cache = new ProofCache(budget: 1 << 20);
        for (var i = 0L; i < 200_000; i++)
        {
            cache.Nodes.Add(new NodeId(0, i), new byte[32]);
        }

        // A quarter of the budget for subtrees, at 32 bytes and about 96 of bookkeeping each: some 2,000 of them.
        cache.Nodes.Count.ShouldBeInRange(1_000, 2_100);
        cache.Nodes.TryGet(new NodeId(0, 199_999), out _).ShouldBeTrue();
        cache.Nodes.TryGet(new NodeId(0, 0), out _).ShouldBeFalse();
    }

    [Fact]
    public void a_key_keeps_its_first_value_and_a_node_is_known_by_level_and_index_alone()
    {
        var cache = new ProofCache();
        cache.Nodes.Add(new NodeId(1, 2), [1]);
        cache.Nodes.Add(new NodeId(1, 2), [2]);
        cache.Nodes.TryGet(new NodeId(1, 2), out var hash).ShouldBeTrue();
        hash.ShouldBe(new byte[] { 1 });
        cache.Nodes.TryGet(new NodeId(2, 1), out _).ShouldBeFalse();
        cache.Nodes.TryGet(new NodeId(0, 2), out _).ShouldBeFalse();
    }

    [Fact]
    public async Task callers_asking_for_a_new_checkpoint_at_once_sign_it_once_and_a_failure_is_not_kept()
    {
        var cache = new ProofCache();
        var key = new CheckpointKey("ledger.example/test", 7, 42);
        var signed = 0;
        var release = new TaskCompletionSource();
        async Task<string> Issue()
        {
            Interlocked.Increment(ref signed);
            await release.Task;
            return "note";
        }

        var callers = Enumerable.Range(0, 16).Select(_ => Task.Run(() => cache.IssueOnceAsync(key, Issue, CancellationToken.None))).ToList();
        using var impatient = new CancellationTokenSource();
        var gaveUp = cache.IssueOnceAsync(key, Issue, impatient.Token);
        await impatient.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => gaveUp);
        release.SetResult();

        (await Task.WhenAll(callers)).ShouldAllBe(n => n == "note");
        signed.ShouldBe(1);
        (await cache.IssueOnceAsync(key, Issue, CancellationToken.None)).ShouldBe("note");
        signed.ShouldBe(1);

        var other = key with { Size = 43 };
        await Should.ThrowAsync<InvalidOperationException>(() => cache.IssueOnceAsync(other, () => throw new InvalidOperationException("no key"), CancellationToken.None));
        (await cache.IssueOnceAsync(other, () => Task.FromResult("later"), CancellationToken.None)).ShouldBe("later");
    }
}

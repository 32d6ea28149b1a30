using AccessLedger.Benchmarks.Generation;
using AccessLedger.Chain;
using AccessLedger.Events;
using AccessLedger.Timelines;
using BenchmarkDotNet.Attributes;

namespace AccessLedger.Benchmarks.Micro;

/// <summary>
/// The chain's own cost per event, as the write path pays it: the event's canonical data and payload hash (also
/// needed for idempotency), and the chain step proper (canonical envelope + SHA-256). Set against an import's cost
/// per event, it is the price of the chain (benchmarks/README.md).
/// </summary>
[MemoryDiagnoser]
public class ChainBenchmarks
{
    private const int Count = 10_000;
    private (ILedgerEvent Event, EventRef Ref)[] _events = [];
    private string[] _sortedData = [];

    /// <summary>Generates the events and their canonical data once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _events = LedgerGenerator.Generate(Count).WithRefs().ToArray();
        _sortedData = _events.Select(e => ChainHasher.SortedJson(ChainHasher.DataOf(e.Event))).ToArray();
    }

    /// <summary>Canonical data and payload hash of one event (the time is per event).</summary>
    [Benchmark(OperationsPerInvoke = Count)]
    public string CanonicalDataAndPayloadHash()
    {
        var last = "";
        foreach (var (e, at) in _events)
        {
            last = ChainHasher.PayloadHash(at.Type, ChainHasher.SortedJson(ChainHasher.DataOf(e)));
        }

        return last;
    }

    /// <summary>One link of the chain: canonical envelope and SHA-256 over the previous hash (the time is per event).</summary>
    [Benchmark(OperationsPerInvoke = Count)]
    public byte[] ChainLink()
    {
        var previous = ChainHasher.Genesis.ToArray();
        for (var i = 0; i < _events.Length; i++)
        {
            var at = _events[i].Ref;
            previous = ChainHasher.Next(previous, ChainHasher.Canonical(at.Type, _sortedData[i], at.Stream, at.Version, at.RecordedAt, "cmd", null));
        }

        return previous;
    }
}

using AccessLedger.Benchmarks.Generation;
using AccessLedger.Events;
using AccessLedger.Timelines;
using BenchmarkDotNet.Attributes;

namespace AccessLedger.Benchmarks.Micro;

/// <summary>Folding events into timelines: the work of the inline projection, the write rules' state, and a replay.</summary>
[MemoryDiagnoser]
public class ApplyBenchmarks
{
    private const int Count = 10_000;
    private (ILedgerEvent Event, EventRef Ref)[] _events = [];

    /// <summary>Generates the events once.</summary>
    [GlobalSetup]
    public void Setup() => _events = LedgerGenerator.Generate(Count).WithRefs().ToArray();

    /// <summary>One event folded into a fresh working set (the time is per event).</summary>
    [Benchmark(OperationsPerInvoke = Count)]
    public object Apply()
    {
        var set = new TimelineSet();
        foreach (var (e, at) in _events)
        {
            set.Apply(e, at);
        }

        return set;
    }
}

using AccessLedger.Benchmarks.Generation;
using AccessLedger.Benchmarks.Scaling;
using AccessLedger.Decisions;
using BenchmarkDotNet.Attributes;

namespace AccessLedger.Benchmarks.Micro;

/// <summary>The pure decision over a prepared state: what a decision costs once its timelines are in memory.</summary>
[MemoryDiagnoser]
public class DecideBenchmarks
{
    private const int Cases = 64;
    private (DecisionState State, Question Question)[] _cases = [];

    /// <summary>Size of the generated ledger the states come from.</summary>
    [Params(1_000, 100_000)]
    public int Events { get; set; }

    /// <summary>Folds a generated ledger and prepares one state per question, half at K = now, half at a past K.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var ledger = LedgerGenerator.Generate(Events);
        var set = ledger.Fold();
        var random = new Random(Events);
        _cases = Enumerable.Range(0, Cases)
            .Select(i => i % 2 == 0 ? Question.Now(random, ledger) : Question.Past(random, ledger))
            .Select(q => (DecisionState.From(set, q.Model, q.Person), q))
            .ToArray();
    }

    /// <summary>One decision (the time is per decision).</summary>
    [Benchmark(OperationsPerInvoke = Cases)]
    public int Decide()
    {
        var allowed = 0;
        foreach (var (state, q) in _cases)
        {
            allowed += Decider.Decide(state, q.Model, Subject.Person(q.Person), q.At, q.KnownAt).Allowed ? 1 : 0;
        }

        return allowed;
    }
}

using AccessLedger.Benchmarks.Generation;

namespace AccessLedger.Benchmarks.Scaling;

/// <summary>May <see cref="Person"/> use <see cref="Model"/> at T = <see cref="At"/> as known at K = <see cref="KnownAt"/> (null: now)?</summary>
internal sealed record Question(string Model, string Person, DateTimeOffset At, DateTimeOffset? KnownAt)
{
    /// <summary>A random model and person, T anywhere in the ledger's years, K = now.</summary>
    public static Question Now(Random random, SyntheticLedger ledger) => new(
        ledger.Models[random.Next(ledger.Models.Count)],
        ledger.Persons[random.Next(ledger.Persons.Count)],
        LedgerGenerator.Start + ((LedgerGenerator.End - LedgerGenerator.Start) * random.NextDouble()),
        null);

    /// <summary>K = the recordedAt of a random event after the first tenth; T from a year before K to a month after.</summary>
    public static Question Past(Random random, SyntheticLedger ledger)
    {
        var knownAt = ledger.RecordedAt(random.Next(ledger.Commands.Count / 10, ledger.Commands.Count));
        return Now(random, ledger) with { At = knownAt + TimeSpan.FromDays(random.Next(-365, 31)), KnownAt = knownAt };
    }
}

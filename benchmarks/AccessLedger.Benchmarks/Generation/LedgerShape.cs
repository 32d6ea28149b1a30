namespace AccessLedger.Benchmarks.Generation;

/// <summary>
/// How many of each entity a synthetic ledger of <see cref="Events"/> events holds. The counts grow with the
/// ledger and are capped where a real deployment would level off: hundreds of models, thousands of organizations,
/// up to 10^5 persons, hundreds of bans, exceptions, safeguards and suspensions. What is left of the event budget
/// is churn: relocations, offboardings and re-enrolments, provisioning changes, amendments, lifts and revocations.
/// </summary>
internal sealed record LedgerShape(int Events, int Models, int Organizations, int Persons, int Bans, int Exceptions, int Safeguards, int Suspensions)
{
    public static LedgerShape For(int events) => new(
        events,
        Models: Math.Clamp(events / 100, 10, 300),
        Organizations: Math.Clamp(events / 50, 20, 5_000),
        Persons: Math.Clamp(events / 4, 100, 100_000),
        Bans: Math.Clamp(events / 200, 5, 500),
        Exceptions: Math.Clamp(events / 150, 6, 700),
        Safeguards: Math.Clamp(events / 300, 3, 300),
        Suspensions: Math.Clamp(events / 1_000, 2, 200));

    public override string ToString() =>
        $"{Events:N0} events: {Models} models, {Organizations:N0} organizations, {Persons:N0} persons, {Bans} bans, " +
        $"{Exceptions} exceptions, {Safeguards} safeguards, {Suspensions} suspensions";
}

using AccessLedger.Decisions;
using AccessLedger.Events;
using AccessLedger.Tests.Infrastructure;
using AccessLedger.Timelines;
using AccessLedger.Wire;
using Shouldly;

namespace AccessLedger.Tests.Decisions;

/// <summary>
/// A decision reads only the fact rows its (model, subject, T, K) can use. Here the history is built so that what it
/// leaves out matters: amendments of an exception that add the subject's organization late (retroactively), remove
/// it from a future date, or name another organization; amendments of a ban that add an unrelated model, remove the
/// model and add it back; a suspension lifted for another model, then for all. On a grid of T, K and subjects, every
/// answer from the rows must equal, in full, the decision over the whole history folded in memory.
/// </summary>
public sealed class FactSelectionTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    private static readonly DateTimeOffset June = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset Day(int day) => June.AddDays(day - 1);

    private static LedgerCommand At(int recordedDay, ILedgerEvent e) => new(e, RecordedAt: Day(recordedDay));

    private static IReadOnlyList<LedgerCommand> History() =>
    [
        At(1, new ModelRegistered("m", "prov", "Model", ModelAvailability.General, Day(1))),
        At(1, new ModelRegistered("m2", "prov", "Other", ModelAvailability.General, Day(1))),
        At(1, new OrganizationRegistered("o1", "One", "DE", UsPerson: false, Day(1))),
        At(1, new OrganizationRegistered("o2", "Two", "DE", UsPerson: false, Day(1))),
        At(1, new OrganizationRegistered("o3", "Three", "DE", UsPerson: false, Day(1))),
        At(1, new PersonEnrolled("p1", "o1", ["DE"], UsPersonStatus.None, "DE", Day(1))),
        At(1, new PersonEnrolled("p2", "o2", ["DE"], UsPersonStatus.None, "DE", Day(1))),
        At(2, new ProviderSuspensionStarted("s1", ["m", "m2"], SuspensionScope.ForeignPersons, "switch-off", Day(3))),
        At(4, new ProviderSuspensionLifted("s1", ["m2"], Day(4))),
        At(5, new BanIssued("d1", "BIS", "rule", ["m"], new BanScope(BanScopeKind.ForeignPersons), ["15 CFR 744"], Day(5))),
        At(6, new ExceptionGranted("e1", ["d1"], ["m"], [new OrganizationEmployees(["o2"])], [], false, Day(6))),
        At(7, new BanAmended("d1", ["m2"], [], Day(7))),
        At(8, new ExceptionAmended("e1", ["o3"], [], Day(8))),
        At(9, new ProviderSuspensionLifted("s1", [], Day(9))),
        At(12, new ExceptionAmended("e1", ["o1"], [], Day(10))),
        At(15, new ExceptionAmended("e1", [], ["o2"], Day(20))),
        At(26, new BanAmended("d1", [], ["m"], Day(25))),
        At(28, new BanAmended("d1", ["m"], [], Day(28))),
        At(29, new ExceptionAmended("e1", [], ["o3"], Day(29))),
    ];

    [Fact]
    public async Task every_answer_from_the_selected_rows_equals_the_decision_over_the_whole_history()
    {
        var ledger = await fixture.NewLedgerAsync(TimeProvider.System);
        await ledger.RecordBatchAsync(History());
        var whole = new TimelineSet();
        await foreach (var e in ledger.ReadEventsAsync())
        {
            whole.Apply(e.Data, new EventRef(e.Stream, e.Version, e.Type, e.RecordedAt, e.ValidFrom, e.Position));
        }

        Subject[] subjects =
        [
            Subject.Person("p1"), Subject.Person("p2"),
            Subject.AdHoc("o1", ["DE"], UsPersonStatus.None, "DE"), Subject.AdHoc("o3", ["FR"], UsPersonStatus.None, "FR"),
        ];
        DateTimeOffset?[] knowledge = [null, Day(7), Day(9), Day(13), Day(16), Day(27), Day(30)];
        var differences = new List<string>();
        var allowed = 0;
        var citingAmendments = 0;
        foreach (var model in new[] { "m", "m2" })
        {
            foreach (var subject in subjects)
            {
                foreach (var knownAt in knowledge)
                {
                    // Each day at midnight (where facts take effect: ties) and at noon.
                    for (var half = 2; half <= 64; half++)
                    {
                        var at = Day(half / 2).AddHours(12 * (half % 2));
                        var stored = await ledger.DecideAsync(model, subject, at, knownAt);
                        var expected = Decider.Decide(DecisionState.From(whole, model, (subject as EnrolledPerson)?.PersonId), model, subject, at, knownAt);
                        var (got, want) = (Answer(stored), Answer(expected));
                        if (got != want)
                        {
                            differences.Add($"{model} {subject} T={LedgerJson.Format(at)} K={(knownAt is { } k ? LedgerJson.Format(k) : "now")}:\n  rows  {got}\n  whole {want}");
                        }

                        allowed += stored.Allowed ? 1 : 0;
                        citingAmendments += got.Contains("exception_amended", StringComparison.Ordinal) || got.Contains("ban_amended", StringComparison.Ordinal) ? 1 : 0;
                    }
                }
            }
        }

        differences.ShouldBeEmpty();

        // The grid reaches both answers and the amendments it is about.
        allowed.ShouldBeGreaterThan(0);
        citingAmendments.ShouldBeGreaterThan(0);
    }

    private static string Answer(Decision decision) => DecisionJson.Serialize(decision with { Checkpoint = null });
}

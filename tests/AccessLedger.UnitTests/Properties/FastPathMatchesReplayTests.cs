using AccessLedger.Decisions;
using AccessLedger.Tests.Properties;
using AccessLedger.Timelines;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Shouldly;

namespace AccessLedger.UnitTests.Properties;

/// <summary>
/// The property that lets us trust the fast path: for random valid histories and random (T, K), the decision made
/// from the projected timelines equals the decision of the replay oracle, which folds the raw events recorded by K.
/// </summary>
public sealed class FastPathMatchesReplayTests
{
    [Property(MaxTest = 3000)]
    public Property the_decision_from_timelines_equals_the_replay_of_raw_events() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), DecisionsAgree);

    private static Property DecisionsAgree(int seed)
    {
        var generator = new HistoryGenerator(seed);
        var (history, _) = generator.Generate(attempts: 75);
        var set = new TimelineSet();
        foreach (var (e, at) in history)
        {
            set.Apply(e, at);
        }

        var mismatches = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            var (model, subject, at, knownAt) = generator.Question(history);
            var activity = generator.Activity();
            var fast = Decider.Decide(DecisionState.From(set, model, (subject as EnrolledPerson)?.PersonId), model, subject, at, knownAt, activity);
            var oracle = ReplayOracle.Decide(history, model, subject, at, knownAt, activity);
            if (fast.Allowed != oracle.Allowed || !fast.Reasons.Select(r => r.Code).SequenceEqual(oracle.Codes))
            {
                mismatches.Add($"{model} {subject} {activity} T={at:O} K={knownAt:O}: fast [{string.Join(",", fast.Reasons.Select(r => r.Code))}] oracle [{string.Join(",", oracle.Codes)}]");
            }
        }

        return (mismatches.Count == 0).Label($"seed {seed}, {history.Count} events: {string.Join(" | ", mismatches)}");
    }

    [Fact]
    public void the_generator_produces_histories_that_exercise_every_gate()
    {
        var codes = new HashSet<string>();
        var types = new HashSet<string>();
        var allowed = 0;
        for (var seed = 1; seed <= 300; seed++)
        {
            var generator = new HistoryGenerator(seed);
            var (history, _) = generator.Generate(attempts: 75);
            types.UnionWith(history.Select(h => h.Ref.Type));
            for (var i = 0; i < 25; i++)
            {
                var (model, subject, at, knownAt) = generator.Question(history);
                var (ok, reasons) = ReplayOracle.Decide(history, model, subject, at, knownAt);
                allowed += ok ? 1 : 0;
                codes.UnionWith(reasons);
            }
        }

        types.ShouldBe(AccessLedger.Events.EventCatalog.WireNames, ignoreOrder: true);
        codes.ShouldBe([ReasonCodes.UnknownModel, ReasonCodes.UnknownSubject, ReasonCodes.RestrictedParty, ReasonCodes.LegalBan, ReasonCodes.ProviderSuspended, ReasonCodes.NotProvisioned], ignoreOrder: true);
        allowed.ShouldBeGreaterThan(50);
    }
}

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

    /// <summary>The same, in a world of ownership chains, aggregation and cycles under bans on parties with affiliates (the 50 % rule).</summary>
    [Property(MaxTest = 1000)]
    public Property the_fifty_percent_rule_from_timelines_equals_the_replay_of_raw_events() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed => DecisionsAgree(seed, ownershipWorld: true));

    private static Property DecisionsAgree(int seed) => DecisionsAgree(seed, ownershipWorld: false);

    private static Property DecisionsAgree(int seed, bool ownershipWorld)
    {
        var generator = new HistoryGenerator(seed) { OwnershipWorld = ownershipWorld };
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
            var (activity, knowledge) = (generator.Activity(), generator.Knowledge());
            var fast = Decider.Decide(DecisionState.From(set, model, (subject as EnrolledPerson)?.PersonId), model, subject, at, knownAt, activity, knowledge);
            var oracle = ReplayOracle.Decide(history, model, subject, at, knownAt, activity, knowledge);
            if (fast.Allowed != oracle.Allowed || !fast.Reasons.Select(r => r.Code).SequenceEqual(oracle.Codes))
            {
                mismatches.Add($"{model} {subject} {activity} {knowledge} T={at:O} K={knownAt:O}: fast [{string.Join(",", fast.Reasons.Select(r => r.Code))}] oracle [{string.Join(",", oracle.Codes)}]");
            }
        }

        return (mismatches.Count == 0).Label($"seed {seed}, {history.Count} events: {string.Join(" | ", mismatches)}");
    }

    [Fact]
    public void the_generator_produces_histories_that_exercise_every_gate()
    {
        var codes = new HashSet<string>();
        var types = new HashSet<string>();
        var (allowed, byOwnership, onNotice) = (0, 0, 0);
        foreach (var (seed, ownershipWorld) in Enumerable.Range(1, 300).Select(s => (s, false)).Concat(Enumerable.Range(1, 100).Select(s => (s, true))))
        {
            var generator = new HistoryGenerator(seed) { OwnershipWorld = ownershipWorld };
            var (history, _) = generator.Generate(attempts: 75);
            types.UnionWith(history.Select(h => h.Ref.Type));
            var set = new TimelineSet();
            foreach (var (e, at) in history)
            {
                set.Apply(e, at);
            }

            for (var i = 0; i < 25; i++)
            {
                var (model, subject, at, knownAt) = generator.Question(history);
                var (ok, reasons) = ReplayOracle.Decide(history, model, subject, at, knownAt);
                allowed += ok ? 1 : 0;
                codes.UnionWith(reasons);

                // The 50 % rule decides some answers (an ownership cited by restricted_party), and the notice basis others.
                var fast = Decider.Decide(DecisionState.From(set, model, (subject as EnrolledPerson)?.PersonId), model, subject, at, knownAt);
                byOwnership += fast.Reasons.Any(r => r.Code == ReasonCodes.RestrictedParty && r.Events.Any(e => e.Type == "ownership_recorded")) ? 1 : 0;
                onNotice += ReplayOracle.Decide(history, model, subject, at, knownAt, knowledge: KnowledgeBasis.Notice).Codes.SequenceEqual(reasons) ? 0 : 1;
            }
        }

        AccessLedger.Events.EventCatalog.WireNames.Except(types).ShouldBeEmpty();
        codes.ShouldBe([ReasonCodes.UnknownModel, ReasonCodes.UnknownSubject, ReasonCodes.RestrictedParty, ReasonCodes.LegalBan, ReasonCodes.ProviderSuspended, ReasonCodes.NotProvisioned], ignoreOrder: true);
        allowed.ShouldBeGreaterThan(25);
        byOwnership.ShouldBeGreaterThan(10, $"allowed {allowed}, by ownership {byOwnership}, on notice {onNotice}");
        onNotice.ShouldBeGreaterThan(10);
    }
}

using AccessLedger.Audit;
using AccessLedger.Decisions;
using AccessLedger.Events;
using AccessLedger.Tests.Infrastructure;
using AccessLedger.Tests.Properties;
using AccessLedger.Timelines;
using Shouldly;

namespace AccessLedger.Tests.Audit;

/// <summary>
/// The audit queries against simpler oracles on random valid histories (the lead's <see cref="HistoryGenerator"/>):
/// who-could-access equals asking the decision subject by subject; intervals, changes and belief gaps equal
/// deciding directly at random instants. Each question names a random activity and knowledge basis (the histories'
/// sources date some instruments' notice before or after their recording).
/// </summary>
public sealed class RandomHistoryAuditTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    [Fact]
    public async Task who_could_access_equals_deciding_for_each_person_and_organization_class_one_by_one()
    {
        fixture.Clock.SetUtcNow(new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var ledger = await fixture.NewLedgerAsync();
        var mismatches = new List<string>();
        var position = 1L;
        var asked = 0;
        var bases = new Random(77);
        var sources = new Random(78);
        for (var n = 0; n < 6; n++)
        {
            var generator = new HistoryGenerator(7000 + n, prefix: $"h{n}-", origin: new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(100 * n));
            var (history, generated) = generator.Generate(attempts: 90, firstPosition: position);
            var commands = generated.Select(c => c with { Event = Published(c.Event, sources) }).ToList();
            await ledger.RecordBatchAsync(commands);
            position += history.Count;
            for (var i = 0; i < 6; i++)
            {
                var (model, _, at, knownAt) = generator.Question(history);
                var (activity, basis) = Ask(bases);
                var who = await ledger.WhoCouldAccessAsync(new WhoCouldAccessQuestion(model, at) { KnownAt = knownAt, Activity = activity, Knowledge = basis });
                (who.Activity, who.Knowledge).ShouldBe((activity, basis));

                // Every person whose enrolment was recorded by K is listed, and no one else.
                var enrolled = commands.Where(c => c.Event is Events.PersonEnrolled && (knownAt is null || c.RecordedAt <= knownAt))
                    .Select(c => ((Events.PersonEnrolled)c.Event).PersonId).ToHashSet();
                who.Persons.Select(a => a.Subject.Id).Where(id => id.StartsWith($"h{n}-", StringComparison.Ordinal)).ShouldBe(enrolled, ignoreOrder: true);

                // By organization, its two classes first, then its people by id.
                var rows = who.Answers.Select(a => (a.Subject.OrgId, Rank: a.Subject.Kind switch { AuditSubjectKind.OrganizationUsPersons => 0, AuditSubjectKind.OrganizationForeignPersons => 1, _ => 2 }, a.Subject.Id)).ToList();
                rows.ShouldBe(rows.OrderBy(r => r.OrgId, StringComparer.Ordinal).ThenBy(r => r.Rank).ThenBy(r => r.Id, StringComparer.Ordinal).ToList());

                foreach (var answer in who.Answers)
                {
                    var one = await ledger.DecideAsync(new DecisionQuestion(model, answer.Subject.Subject, at) { KnownAt = knownAt, Activity = activity, Knowledge = basis });
                    asked++;
                    if (Describe(one) != Describe(answer.Decision))
                    {
                        mismatches.Add($"{model} {answer.Subject.Label} {activity} T={at:O} K={knownAt:O} {basis}: who [{Describe(answer.Decision)}] decide [{Describe(one)}]");
                    }
                }
            }
        }

        asked.ShouldBeGreaterThan(300);
        mismatches.ShouldBeEmpty();
    }

    [Fact]
    public void intervals_changes_and_belief_gaps_agree_with_deciding_at_random_instants()
    {
        var mismatches = new List<string>();
        var changes = 0;
        var gaps = 0;
        for (var seed = 1; seed <= 120; seed++)
        {
            var generator = new HistoryGenerator(seed);
            var (generated, _) = generator.Generate(attempts: 60);
            var sources = new Random(seed * 37);
            var history = generated.Select(h => Published(h.Event, sources)).Zip(generated, (e, h) => (Event: e, Ref: EventRef.Noticed(e, h.Ref))).ToList();
            var set = new TimelineSet();
            foreach (var (e, at) in history)
            {
                set.Apply(e, at);
            }

            var state = AuditState.From(set);
            var random = new Random(seed);
            var (from, to) = generator.Window;
            var model = generator.Models[random.Next(generator.Models.Length)];
            DateTimeOffset? knownAt = random.Next(3) == 0 ? null : from.AddHours(random.Next(24 * 90));
            var bases = new Random(seed * 31);
            var (activity, basis) = Ask(bases);
            var (_, beliefBasis) = Ask(bases);

            var changed = WhatChanged.Answer(state, new WhatChangedQuestion(model, from, to) { KnownAt = knownAt, Activity = activity, Knowledge = basis });
            var belief = BeliefVersusTruth.Answer(state, new BeliefVersusTruthQuestion(model, from, to) { TruthKnownAt = knownAt, TruthKnowledge = basis, BeliefKnowledge = beliefBasis, Activity = activity });
            changes += changed.Instants.Sum(i => i.Changes.Count);
            gaps += belief.Gaps.Count;
            foreach (var subject in state.Subjects(new Knowledge(knownAt, basis)))
            {
                var decisionState = state.StateFor(model, subject);
                string Codes(DateTimeOffset t, DateTimeOffset? k, KnowledgeBasis b) => AccessHistory.Codes(Decider.Decide(decisionState, model, subject.Subject, t, k, activity, b));

                // A change is reported exactly where the answer differs from the one a tick before.
                var reported = changed.Instants.Where(i => i.Changes.Any(c => c.Subject == subject)).Select(i => i.At).ToHashSet();
                var candidates = history.SelectMany(h => new[] { h.Ref.ValidFrom, h.Ref.RecordedAt, h.Ref.NoticeAt }).Where(t => t > from && t <= to).Distinct();
                foreach (var t in candidates)
                {
                    var differs = Codes(t, knownAt, basis) != Codes(t.AddTicks(-1), knownAt, basis);
                    if (differs != reported.Contains(t))
                    {
                        mismatches.Add($"seed {seed} {model} {subject.Label} at {t:O}: change reported {reported.Contains(t)}, decided {differs}");
                    }
                }

                // Between changes the answer holds: the answer at a random instant is the one of the last change before it.
                for (var i = 0; i < 10; i++)
                {
                    var t = from.AddMinutes(random.Next((int)(to - from).TotalMinutes));
                    var last = changed.Instants.LastOrDefault(x => x.At <= t && x.Changes.Any(c => c.Subject == subject));
                    var expected = last is null
                        ? AccessHistory.Codes(changed.AtStart.Single(a => a.Subject == subject).Decision)
                        : AccessHistory.Codes(last.Changes.Single(c => c.Subject == subject).After);
                    if (expected != Codes(t, knownAt, basis))
                    {
                        mismatches.Add($"seed {seed} {model} {subject.Label} {activity} {basis} at {t:O}: intervals say {expected}, decided {Codes(t, knownAt, basis)}");
                    }

                    // Belief at the time against K: a gap covers t exactly when the two answers differ. The belief query
                    // names a person under their organization as known now, which may not be the one known at K: the
                    // person is the same.
                    var inGap = belief.Gaps.Any(g => g.Subject.Kind == subject.Kind && g.Subject.Id == subject.Id && g.From <= t && t < g.To);
                    if (inGap != (Codes(t, t, beliefBasis) != Codes(t, knownAt, basis)))
                    {
                        mismatches.Add($"seed {seed} {model} {subject.Label} {activity} at {t:O}: in a gap {inGap}, but then ({beliefBasis}) {Codes(t, t, beliefBasis)} and at K ({basis}) {Codes(t, knownAt, basis)}");
                    }
                }
            }
        }

        changes.ShouldBeGreaterThan(100);
        gaps.ShouldBeGreaterThan(20);
        mismatches.ShouldBeEmpty();
    }

    /// <summary>
    /// The event with a source on about half of the bans and exceptions issued without one, published up to two days
    /// before or five days after they take effect, so before or after the ledger records them (the generator dates
    /// only the later facts of instruments).
    /// </summary>
    private static ILedgerEvent Published(ILedgerEvent e, Random random) => (e, random.Next(2)) switch
    {
        (BanIssued { Source: null } ban, 0) => ban with { Source = new(SourceKind.FederalRegister, "91 FR 1", ban.ValidFrom.AddHours(random.Next(-48, 120))) },
        (ExceptionGranted { Source: null } grant, 0) => grant with { Source = new(SourceKind.FederalRegister, "91 FR 2", grant.ValidFrom.AddHours(random.Next(-48, 120))) },
        _ => e,
    };

    /// <summary>A random activity (mostly <c>use</c>) and knowledge basis for a question.</summary>
    private static (string Activity, KnowledgeBasis Basis) Ask(Random random) =>
        (random.Next(2) == 0 ? Activities.Use : HistoryGenerator.Activities[random.Next(HistoryGenerator.Activities.Length)],
         random.Next(2) == 0 ? KnowledgeBasis.Recorded : KnowledgeBasis.Notice);

    private static string Describe(Decision d) =>
        string.Join(" | ", d.Reasons.Select(r => $"{r.Code}: {r.Message} <{string.Join(",", r.Events.Select(e => e.Position))}>"))
        + $" basis <{string.Join(",", d.Basis.Select(e => e.Position))}>";
}

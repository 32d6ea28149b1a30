using System.Text.RegularExpressions;
using AccessLedger.Events;
using AccessLedger.Tests.Properties;
using AccessLedger.Timelines;
using Shouldly;
using Xunit;

namespace AccessLedger.UnitTests.Events;

/// <summary>
/// The registry and the declarations agree: every event record of the contract is declared once, with a wire name
/// that is its name in snake case, a fold into its own stream's timeline, key lists that read, and what a decision
/// reads of it consistent with its keys. Forgetting a registry line, a fold or a key property fails here, not in a
/// decision.
/// </summary>
public sealed partial class EventKindRegistryTests
{
    [GeneratedRegex("(?<=[a-z0-9])(?=[A-Z])")]
    private static partial Regex WordBoundary();

    /// <summary>One event of each kind, from generated histories (the property tests assert they hold every kind).</summary>
    private static IReadOnlyList<ILedgerEvent> Samples { get; } = SampleEachKind();

    private static List<ILedgerEvent> SampleEachKind()
    {
        var samples = new Dictionary<Type, ILedgerEvent>();
        for (var seed = 1; seed <= 2_000 && samples.Count < EventCatalog.Kinds.Count; seed++)
        {
            foreach (var (e, _) in new HistoryGenerator(seed).Generate(attempts: 75).History)
            {
                samples.TryAdd(e.GetType(), e);
            }
        }

        return [.. samples.Values];
    }

    [Fact]
    public void Every_event_record_of_the_assembly_is_in_the_registry_once()
    {
        var records = typeof(ILedgerEvent).Assembly.GetTypes().Where(t => t.IsClass && !t.IsAbstract && typeof(ILedgerEvent).IsAssignableFrom(t)).ToList();

        EventCatalog.Kinds.Select(k => k.Type).ShouldBe(records, ignoreOrder: true);
        EventCatalog.Kinds.Select(k => k.WireName).Distinct().Count().ShouldBe(EventCatalog.Kinds.Count);
    }

    [Fact]
    public void A_wire_name_is_the_record_name_in_snake_case()
    {
        foreach (var kind in EventCatalog.Kinds)
        {
            kind.WireName.ShouldBe(WordBoundary().Replace(kind.Type.Name, "_").ToLowerInvariant(), kind.Type.Name);
        }
    }

    [Fact]
    public void Every_event_folds_into_its_own_stream_s_timeline_under_its_own_id()
    {
        foreach (var kind in EventCatalog.Kinds)
        {
            var e = Samples.First(s => s.GetType() == kind.Type);
            var own = Fold.For(kind.Type).Where(f => f.Timeline == kind.Timeline.Type).ToList();

            own.Count.ShouldBe(1, $"{kind.WireName} has {own.Count} folds into its own timeline {kind.Timeline.Type.Name}");
            own[0].Ids(e).ShouldBe([kind.IdOf(e)], kind.WireName);
            kind.StreamOf(e).ShouldBe(kind.Timeline.Stream(kind.IdOf(e)));
        }
    }

    [Fact]
    public void Folding_an_event_records_it_as_a_fact_of_its_own_timeline()
    {
        foreach (var kind in EventCatalog.Kinds)
        {
            var e = Samples.First(s => s.GetType() == kind.Type);
            var set = new TimelineSet();
            set.Apply(e, new EventRef(kind.StreamOf(e), 1, kind.WireName, DateTimeOffset.UnixEpoch, e.ValidFrom, 1));

            var timeline = set.Find(kind.Timeline.Type, kind.IdOf(e)).ShouldNotBeNull(kind.WireName);
            timeline.Facts().Select(f => f.Event).ShouldBe([e], kind.WireName);
        }
    }

    [Fact]
    public void Key_lists_read_and_decisions_read_named_facts_only_by_keys_they_can_match()
    {
        foreach (var kind in EventCatalog.Kinds)
        {
            var e = Samples.First(s => s.GetType() == kind.Type);
            var keys = kind.KeysOf(e).ToList();
            keys.ShouldAllBe(k => !string.IsNullOrEmpty(k), kind.WireName);
            if (kind.IsSubjectFact)
            {
                kind.Keys.ShouldBeEmpty($"{kind.WireName}: subject facts are rows of their own table, filed by their columns");
                kind.Decision.ShouldBe(DecisionRead.None, kind.WireName);
            }

            if (kind.Decision == DecisionRead.InEffectWhereNamed)
            {
                kind.Keys.ShouldContain(k => k.Names == KeyKind.Model || k.Names == KeyKind.Organization, kind.WireName);
            }
        }
    }
}

using System.Collections.Concurrent;
using AccessLedger.Decisions;
using AccessLedger.Rules;
using AccessLedger.Timelines;
using AccessLedger.Wire;

namespace AccessLedger.Audit;

/// <summary>One subject over the range: access as known at K, as believed at the time, and where the two part.</summary>
/// <param name="Subject">Whom it is about.</param>
/// <param name="Truth">The intervals as known at K.</param>
/// <param name="Belief">The intervals as known at each moment itself (no later than K).</param>
/// <param name="Gaps">Where the two differ, outcome or reasons.</param>
/// <param name="Facts">The facts known at K that bear on the subject's access.</param>
/// <param name="Disagreements">The gaps that differ in outcome, adjacent ones of the same direction merged, and sorted by risk.</param>
internal sealed record SubjectHistory(
    AuditSubject Subject, IReadOnlyList<AccessInterval> Truth, IReadOnlyList<AccessInterval> Belief, IReadOnlyList<BeliefGap> Gaps, IReadOnlyList<AuditFact> Facts,
    IReadOnlyList<Disagreement> Disagreements)
{
    /// <summary>The answer changed in the range, or the answer at the time differed in outcome from the one known at K.</summary>
    public bool Changed => Truth.Count > 1 || Disagreements.Count > 0;

    /// <summary>Believed allowed at some moment while denied as known at K.</summary>
    public bool Exposed => Disagreements.Any(d => d.Kind == DisagreementKind.Exposure);

    /// <summary>The longest exposure; zero when none.</summary>
    public TimeSpan LongestExposure => Disagreements.Where(d => d.Kind == DisagreementKind.Exposure).Select(d => d.Duration).DefaultIfEmpty().Max();

    /// <summary>How long, in the range ending at <paramref name="to"/>, the subject was allowed as known at K.</summary>
    public TimeSpan AllowedFor(DateTimeOffset to) =>
        Truth.Where(i => i.Decision.Allowed).Aggregate(TimeSpan.Zero, (sum, i) => sum + ((i.To ?? to) - i.From));
}

/// <summary>Why the answer at the time and the answer known at K differed in outcome.</summary>
internal enum DisagreementKind
{
    /// <summary>Believed allowed, denied as known at K: access let through that should not have been. A risk.</summary>
    Exposure,

    /// <summary>
    /// Believed denied, allowed as known at K, only because a registration, enrolment or provisioning was recorded
    /// after it took effect: the ledger refused what it now allows. Not a risk.
    /// </summary>
    RegistrationLag,

    /// <summary>Believed denied, allowed as known at K, for another late fact (a lift, an exception): over-restriction, not a risk.</summary>
    OverRestriction,
}

/// <summary>A stretch of one subject's valid time where belief and knowledge differed in outcome, one way: adjacent gaps merged.</summary>
internal sealed record Disagreement(AuditSubject Subject, DisagreementKind Kind, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<AuditFact> Causes)
{
    public TimeSpan Duration => To - From;
}

/// <summary>The exposures one set of late facts caused: each distinct window with the subjects exposed in it.</summary>
internal sealed record ExposureGroup(IReadOnlyList<AuditFact> Causes, IReadOnlyList<ExposureWindow> Windows)
{
    public int Subjects => Windows.Sum(w => w.Subjects.Count);
}

/// <summary>One window of an exposure group and whom it exposed.</summary>
internal sealed record ExposureWindow(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<AuditSubject> Subjects);

/// <summary>
/// Disagreements collapsed by their kind and the types of the late facts behind them: those that are no risk, and
/// exposures that each came from a person's own late fact (an offboarding or move recorded late), many of a kind.
/// </summary>
internal sealed record CollapsedGroup(DisagreementKind Kind, IReadOnlyList<string> CauseTypes, IReadOnlyList<Disagreement> Windows)
{
    public IReadOnlyList<AuditSubject> Subjects { get; } = Windows.Select(w => w.Subject).Distinct().ToList();

    public IReadOnlyList<AuditFact> Causes { get; } = Windows.SelectMany(w => w.Causes).DistinctBy(f => f.Event.Position).OrderBy(f => f.Event.Position).ToList();
}

/// <summary>Subjects whose answer changed the same way at the same instant for the same facts.</summary>
internal sealed record ChangeGroup(DateTimeOffset At, Decision Before, Decision After, IReadOnlyList<AuditFact> Causes, IReadOnlyList<AuditSubject> Subjects)
{
    public bool Flipped => Before.Allowed != After.Allowed;
}

/// <summary>An organization's subjects in scope, counted.</summary>
internal sealed record OrganizationCount(string OrgId, int Subjects, int Persons, int AllowedAtStart, int AllowedAtEnd, int Changed, int Exposed, TimeSpan LongestExposure);

/// <summary>
/// Everything the audit report shows, computed before a byte is written: the subjects in scope (after the options'
/// filters) with their histories, the page of them that is drawn, the counts per organization, the disagreements
/// between belief and knowledge grouped by cause, the changes grouped by instant and cause, and the events.
/// </summary>
internal sealed class ReportData
{
    // Bounds on what the tables list whatever the size of the ledger; beyond them a line says how many are left out.
    public const int MaxOrganizationRows = 300, MaxExposureWindows = 150, MaxChangeRows = 200, MaxEventRows = 400, MaxNames = 12;

    // Exposures of one person by their own late facts are listed one by one up to this many of a kind, then collapsed.
    private const int MaxOwnExposures = 5;

    private static readonly HashSet<string> Onboarding = new(StringComparer.Ordinal)
    {
        "model_registered", "organization_registered", "person_enrolled", "partner_provisioned",
    };

    private readonly ConcurrentDictionary<(DateTimeOffset At, Knowledge Knowledge), ModelGates> _gates = new();

    private ReportData(string modelId, DateTimeOffset from, DateTimeOffset to, AuditReportOptions options, LedgerCheckpoint checkpoint)
    {
        ModelId = modelId;
        From = from;
        To = to;
        Options = options;
        Checkpoint = checkpoint;
    }

    public string ModelId { get; }

    public DateTimeOffset From { get; }

    public DateTimeOffset To { get; }

    public AuditReportOptions Options { get; }

    public DateTimeOffset? KnownAt => Options.KnownAt;

    /// <summary>The knowledge the report's answers are as of: K on the options' basis.</summary>
    public Knowledge Knowledge => new(KnownAt, Options.Knowledge);

    /// <summary>"as known at K", "as on notice at K" or "as known now", as the decisions' sentences say it.</summary>
    public string AsKnown => KnownAt is { } k ? $"as {(Options.Knowledge == KnowledgeBasis.Notice ? "on notice" : "known")} at {LedgerJson.Format(k)}" : "as known now";

    public LedgerCheckpoint Checkpoint { get; }

    /// <summary>How many subjects the ledger knew at K, before the filters.</summary>
    public int KnownSubjects { get; private set; }

    /// <summary>The subjects the options select, in row order.</summary>
    public IReadOnlyList<SubjectHistory> InScope { get; private set; } = [];

    /// <summary>The page of <see cref="InScope"/> the chart and the per-subject tables show.</summary>
    public IReadOnlyList<SubjectHistory> Shown { get; private set; } = [];

    /// <summary>The index in <see cref="InScope"/> of the first shown subject.</summary>
    public int FirstShown { get; private set; }

    /// <summary>How many pages <see cref="InScope"/> makes (at least one).</summary>
    public int Pages { get; private set; }

    public IReadOnlyList<OrganizationCount> Organizations { get; private set; } = [];

    public IReadOnlyList<ExposureGroup> Exposures { get; private set; } = [];

    /// <summary>Exposures each caused by a person's own late fact, collapsed when there are many of a kind.</summary>
    public IReadOnlyList<CollapsedGroup> OwnExposures { get; private set; } = [];

    public IReadOnlyList<CollapsedGroup> NoRisk { get; private set; } = [];

    /// <summary>Stretches where belief and knowledge differ only in the failing gates (both denied): listed by <c>diff</c>, counted here.</summary>
    public int ReasonOnlyGaps { get; private set; }

    public IReadOnlyList<ChangeGroup> Changes { get; private set; } = [];

    /// <summary>The events in the range that bear on the model or on a shown subject, as known at K, by valid time; numbered from 1.</summary>
    public IReadOnlyList<AuditFact> Events { get; private set; } = [];

    /// <summary>Events in the range that bear only on subjects not shown (left out of <see cref="Events"/>).</summary>
    public int EventsNotShown { get; private set; }

    /// <summary>The late facts behind an exposure.</summary>
    public IReadOnlySet<long> RiskLate { get; private set; } = new HashSet<long>();

    /// <summary>The late facts behind a disagreement that is no risk.</summary>
    public IReadOnlySet<long> LagLate { get; private set; } = new HashSet<long>();

    /// <summary>Knowledge for the answers at the time: the moment itself, never after K, on the options' basis.</summary>
    public Func<DateTimeOffset, Knowledge> AtTheTime => KnownAt is { } k
        ? t => new Knowledge(t < k ? t : k, Options.Knowledge)
        : AccessHistory.AtTheTime(Options.Knowledge);

    /// <summary>
    /// Checks the question (a model and the organizations and persons asked for must be known at K; the page must
    /// exist) and computes the report. Raises a <see cref="LedgerRuleException"/> before anything is written.
    /// </summary>
    public static ReportData Build(AuditState state, string modelId, DateTimeOffset from, DateTimeOffset to, AuditReportOptions options)
    {
        var data = new ReportData(modelId, from, to, options, state.Checkpoint);
        var (knowledge, asKnown) = (data.Knowledge, data.AsKnown);
        if (!state.ModelIds(knowledge).Contains(modelId, StringComparer.Ordinal))
        {
            throw new LedgerRuleException(
                ErrorCodes.UnknownModel,
                $"model {modelId} was never registered in this ledger {asKnown}, so there is no access to report; check the model id (accessledger events lists what was recorded).");
        }

        if (options.Organizations.FirstOrDefault(o => !state.Organizations.TryGetValue(o, out var timeline) || !AuditState.SubjectsOf(timeline, knowledge).Any()) is { } org)
        {
            throw new LedgerRuleException(ErrorCodes.UnknownOrganization, $"organization {org} is not registered in this ledger {asKnown}; check the organization id.");
        }

        if (options.Persons.FirstOrDefault(p => !state.Persons.TryGetValue(p, out var timeline) || AuditState.SubjectOf(timeline, knowledge) is null) is { } person)
        {
            throw new LedgerRuleException(ErrorCodes.UnknownPerson, $"person {person} is not enrolled in this ledger {asKnown}; check the person id.");
        }

        if (options.PageSize < 1 || options.Page < 1)
        {
            throw new LedgerRuleException(ErrorCodes.InvalidField, $"the page size and the page are counted from 1 (page size {options.PageSize}, page {options.Page}).");
        }

        var subjects = state.Subjects(knowledge);
        data.KnownSubjects = subjects.Count;
        var (orgs, persons) = (options.Organizations.ToHashSet(StringComparer.Ordinal), options.Persons.ToHashSet(StringComparer.Ordinal));
        var selected = orgs.Count == 0 && persons.Count == 0
            ? subjects
            : subjects.Where(s => orgs.Contains(s.OrgId) || (s.Kind == AuditSubjectKind.Person && persons.Contains(s.Id))).ToList();

        _ = state.ModelPart(modelId); // Filled once here; the histories below only read it, on several cores.
        var histories = selected.AsParallel().AsOrdered().Select(s => data.History(state, s, knowledge)).ToList();
        data.InScope = options.ChangedOnly ? histories.Where(h => h.Changed).ToList() : histories;
        data.Pages = Math.Max(1, (data.InScope.Count + options.PageSize - 1) / options.PageSize);
        if (options.Page > data.Pages)
        {
            throw new LedgerRuleException(
                ErrorCodes.InvalidField,
                $"page {options.Page} is past the last page: the {data.InScope.Count:N0} subjects in scope make {data.Pages} page{(data.Pages == 1 ? "" : "s")} of {options.PageSize}.");
        }

        data.FirstShown = (options.Page - 1) * options.PageSize;
        data.Shown = data.InScope.Skip(data.FirstShown).Take(options.PageSize).ToList();
        data.Organizations = Count(data.InScope, to);
        data.Disagreements(data.InScope);
        data.Changes = ChangeGroups(data.InScope);
        data.ChooseEvents(state);
        return data;
    }

    private SubjectHistory History(AuditState state, AuditSubject subject, Knowledge knowledge)
    {
        var person = state.PersonOf(subject);
        Decision Decide(DateTimeOffset at, Knowledge k) => Gates(state, at, k).Decide(subject.Subject, person, state.Organizations);
        var facts = state.FactsFor(ModelId, subject);

        // As known at a fixed K an answer changes only where a fact starts or ends; at the time, also where one is recorded.
        var truth = AccessHistory.Intervals(Decide, ModelId, subject, facts.SelectMany(f => f.ValidTo is { } end ? [f.Event.ValidFrom, end] : new[] { f.Event.ValidFrom }), From, To, AccessHistory.Fixed(Knowledge));
        var belief = AccessHistory.Intervals(Decide, ModelId, subject, AuditFacts.Instants(facts), From, To, AtTheTime);
        var same = truth.Count == belief.Count && truth.Zip(belief).All(p => p.First.From == p.Second.From && AccessHistory.SameAnswer(p.First.Decision, p.Second.Decision));
        var gaps = same ? [] : BeliefVersusTruth.Gaps(subject, facts, belief, truth, To, AtTheTime, AccessHistory.Fixed(Knowledge), Decide).ToList();
        return new SubjectHistory(subject, truth, belief, gaps, facts.Where(f => knowledge.Knows(f.Event)).ToList(), Merge(subject, gaps));
    }

    /// <summary>The model's gates at (T, K) for the report's activity, evaluated once and shared by every subject decided there.</summary>
    private ModelGates Gates(AuditState state, DateTimeOffset at, Knowledge knowledge) =>
        _gates.GetOrAdd((at, knowledge), key => ModelGates.Evaluate(state.ModelPart(ModelId).Part, ModelId, key.At, key.Knowledge.KnownAt, Options.Activity, key.Knowledge.Basis));

    /// <summary>
    /// The gaps that differ in outcome, adjacent ones of the same direction merged; a reverse one caused only by
    /// onboarding facts recorded late is a registration lag.
    /// </summary>
    private static List<Disagreement> Merge(AuditSubject subject, List<BeliefGap> gaps)
    {
        var merged = new List<Disagreement>();
        foreach (var gap in gaps.Where(g => g.OutcomeDiffers))
        {
            var kind = gap.Exposure ? DisagreementKind.Exposure : DisagreementKind.OverRestriction;
            if (merged.Count > 0 && merged[^1].To == gap.From && merged[^1].Kind == kind)
            {
                merged[^1] = merged[^1] with { To = gap.To, Causes = [.. merged[^1].Causes.Concat(gap.Responsible).DistinctBy(f => f.Event.Position).OrderBy(f => f.Event.Position)] };
            }
            else
            {
                merged.Add(new Disagreement(subject, kind, gap.From, gap.To, gap.Responsible));
            }
        }

        return merged.Select(d => d.Kind == DisagreementKind.OverRestriction && d.Causes.Count > 0 && d.Causes.All(c => Onboarding.Contains(c.Event.Type))
            ? d with { Kind = DisagreementKind.RegistrationLag } : d).ToList();
    }

    private static List<OrganizationCount> Count(IReadOnlyList<SubjectHistory> histories, DateTimeOffset to) =>
        histories.GroupBy(h => h.Subject.OrgId, StringComparer.Ordinal).Select(g => new OrganizationCount(
            g.Key,
            g.Count(),
            g.Count(h => h.Subject.Kind == AuditSubjectKind.Person),
            g.Count(h => h.Truth[0].Decision.Allowed),
            g.Count(h => h.Truth[^1].Decision.Allowed),
            g.Count(h => h.Truth.Count > 1),
            g.Count(h => h.Exposed),
            g.Max(h => h.LongestExposure)))
        .OrderBy(o => o.OrgId, StringComparer.Ordinal).ToList();

    /// <summary>Groups the disagreements: exposures by their causes and window, the others by kind and the types of their causes.</summary>
    private void Disagreements(IReadOnlyList<SubjectHistory> histories)
    {
        ReasonOnlyGaps = histories.Sum(h => h.Gaps.Count(g => !g.OutcomeDiffers));
        var all = histories.SelectMany(h => h.Disagreements).ToList();
        var exposures = all.Where(d => d.Kind == DisagreementKind.Exposure).GroupBy(d => Key(d.Causes), StringComparer.Ordinal).ToList();

        // A person exposed by their own late fact alone is one row each; many of a kind collapse into one.
        static bool Own(IGrouping<string, Disagreement> g) =>
            g.Count() == 1 && g.First() is { Subject.Kind: AuditSubjectKind.Person } d && d.Causes.Count > 0 && d.Causes.All(c => c.Event.Stream == $"person-{d.Subject.Id}");
        var own = exposures.Where(Own).SelectMany(g => g).GroupBy(Types).Where(g => g.Count() > MaxOwnExposures).ToList();
        var collapsed = own.SelectMany(g => g).ToHashSet();
        OwnExposures = own.Select(g => new CollapsedGroup(DisagreementKind.Exposure, g.Key.Split(','), g.OrderBy(d => d.From).ToList())).ToList();
        Exposures = exposures.Where(g => !g.All(collapsed.Contains))
            .Select(g => new ExposureGroup(
                g.First().Causes,
                g.GroupBy(d => (d.From, d.To)).OrderBy(w => w.Key.From).ThenBy(w => w.Key.To)
                    .Select(w => new ExposureWindow(w.Key.From, w.Key.To, w.Select(d => d.Subject).ToList())).ToList()))
            .OrderBy(g => g.Windows[0].From).ThenBy(g => g.Causes.Count > 0 ? g.Causes[0].Event.Position : 0).ToList();
        NoRisk = all.Where(d => d.Kind != DisagreementKind.Exposure)
            .GroupBy(d => (d.Kind, Types: Types(d)))
            .Select(g => new CollapsedGroup(g.Key.Kind, g.Key.Types.Split(',', StringSplitOptions.RemoveEmptyEntries), g.OrderBy(d => d.From).ToList()))
            .OrderBy(g => g.Kind).ThenBy(g => g.Windows[0].From).ToList();
        RiskLate = Exposures.SelectMany(g => g.Causes).Concat(OwnExposures.SelectMany(g => g.Causes)).Select(f => f.Event.Position).ToHashSet();
        LagLate = NoRisk.SelectMany(g => g.Causes).Select(f => f.Event.Position).Where(p => !RiskLate.Contains(p)).ToHashSet();
    }

    private static string Key(IEnumerable<AuditFact> facts) => string.Join(",", facts.Select(f => f.Event.Position));

    private static string Types(Disagreement d) => string.Join(",", d.Causes.Select(c => c.Event.Type).Distinct().Order(StringComparer.Ordinal));

    private static List<ChangeGroup> ChangeGroups(IReadOnlyList<SubjectHistory> histories)
    {
        var changes = new List<(DateTimeOffset At, Decision Before, Decision After, List<AuditFact> Causes, AuditSubject Subject)>();
        foreach (var history in histories)
        {
            for (var i = 1; i < history.Truth.Count; i++)
            {
                var at = history.Truth[i].From;
                var causes = history.Facts.Where(f => f.Event.ValidFrom == at || f.ValidTo == at).ToList();
                changes.Add((at, history.Truth[i - 1].Decision, history.Truth[i].Decision, causes, history.Subject));
            }
        }

        return changes
            .GroupBy(c => (c.At, Before: AccessHistory.Codes(c.Before), After: AccessHistory.Codes(c.After), Causes: Key(c.Causes)))
            .Select(g => new ChangeGroup(g.Key.At, g.First().Before, g.First().After, g.First().Causes, g.Select(c => c.Subject).ToList()))
            .OrderBy(g => g.At).ThenByDescending(g => g.Flipped).ThenByDescending(g => g.Subjects.Count).ToList();
    }

    /// <summary>The events of the range known at K that bear on the model (its part, its negotiations) or on a shown subject.</summary>
    private void ChooseEvents(AuditState state)
    {
        var knowledge = Knowledge;
        bool InRange(AuditFact f) => knowledge.Knows(f.Event) && f.Event.ValidFrom >= From && f.Event.ValidFrom < To;
        var model = state.ModelPart(ModelId).Facts.Concat(AuditFacts.Of(state.Negotiations.Values));
        var own = Shown.SelectMany(h => h.Facts);
        var events = model.Concat(own).Where(InRange).DistinctBy(f => f.Event.Position).ToList();
        var shownPositions = events.Select(f => f.Event.Position).ToHashSet();
        EventsNotShown = InScope.Skip(FirstShown + Shown.Count).Concat(InScope.Take(FirstShown))
            .SelectMany(h => h.Facts).Where(f => InRange(f) && !shownPositions.Contains(f.Event.Position))
            .Select(f => f.Event.Position).Distinct().Count();
        Events = events.OrderBy(f => f.Event.ValidFrom).ThenBy(f => f.Event.Position).ToList();
    }
}

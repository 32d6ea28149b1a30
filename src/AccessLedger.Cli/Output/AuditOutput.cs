using System.Globalization;
using System.Text;
using AccessLedger.Audit;
using AccessLedger.Decisions;
using AccessLedger.Wire;

namespace AccessLedger.Cli.Output;

/// <summary>The answers of the audit commands (who, changes, diff, timeline) as text or as one JSON object (docs/audit.md), each ending in a newline.</summary>
internal static class AuditOutput
{
    public static string Json(WhoCouldAccessAnswer a) => Serialize(new
    {
        model = a.ModelId, at = a.At, knownAt = a.KnownAt, activity = a.Activity, knowledge = Name(a.Knowledge), checkpoint = a.Checkpoint,
        subjects = a.Answers.Select(x => Answer(x.Subject, x.Decision)),
    });

    public static string Json(WhatChangedAnswer a) => Serialize(new
    {
        model = a.ModelId, from = a.From, to = a.To, knownAt = a.KnownAt, activity = a.Activity, knowledge = Name(a.Knowledge), checkpoint = a.Checkpoint,
        atStart = a.AtStart.Select(x => Answer(x.Subject, x.Decision)),
        changes = a.Instants.SelectMany(i => i.Changes.Select(c => new
        {
            at = i.At, subject = Subject(c.Subject), flipped = c.Flipped,
            before = c.Before, after = c.After, causes = c.Causes.Select(Fact),
        })),
    });

    public static string Json(BeliefVersusTruthAnswer a) => Serialize(new
    {
        model = a.ModelId, from = a.From, to = a.To, knownAt1 = a.BeliefKnownAt, knownAt2 = a.TruthKnownAt,
        activity = a.Activity, knowledge1 = Name(a.BeliefKnowledge), knowledge2 = Name(a.TruthKnowledge), checkpoint = a.Checkpoint,
        gaps = a.Gaps.Select(g => new
        {
            subject = Subject(g.Subject), from = g.From, to = g.To, outcomeDiffers = g.OutcomeDiffers, exposure = g.Exposure,
            knownAt1 = g.Belief, knownAt2 = g.Truth, responsible = g.Responsible.Select(Fact),
        }),
    });

    public static string Json(EntityTimeline t) => Serialize(new
    {
        kind = t.Kind.ToString().ToLowerInvariant(), id = t.Id, knownAt = t.KnownAt, activity = t.Activity, knowledge = Name(t.Knowledge), checkpoint = t.Checkpoint,
        events = t.Events.Select(Fact),
        access = t.Access.Select(i => new { model = i.ModelId, subject = Subject(i.Subject), from = i.From, to = i.To, decision = i.Decision }),
    });

    public static string Text(WhoCouldAccessAnswer a) =>
        $"{a.ModelId} at {Stamp(a.At)}, {Known(a.KnownAt, a.Knowledge)}{For(a.Activity)}\n" +
        TextTable.Format([.. a.Answers.Select(x => (IReadOnlyList<string>)[x.Subject.Label, Codes(x.Decision)])], "  ");

    public static string Text(WhatChangedAnswer a)
    {
        var text = new StringBuilder($"{a.ModelId} from {Stamp(a.From)} to {Stamp(a.To)}, {Known(a.KnownAt, a.Knowledge)}{For(a.Activity)}\n\nat {Stamp(a.From)}:\n");
        text.Append(TextTable.Format([.. a.AtStart.Select(x => (IReadOnlyList<string>)[x.Subject.Label, Codes(x.Decision)])], "  "));
        foreach (var instant in a.Instants)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{Stamp(instant.At)}: {string.Join("; ", instant.Changes.SelectMany(c => c.Causes).DistinctBy(f => f.Event.Position).Select(Cause))}\n");
            text.Append(TextTable.Format([.. instant.Changes.Select(c => (IReadOnlyList<string>)[c.Subject.Label, $"{Codes(c.Before)} -> {Codes(c.After)}", c.Flipped ? "(flipped)" : ""])], "  "));
        }

        return text.ToString();
    }

    public static string Text(BeliefVersusTruthAnswer a)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"{a.ModelId} from {Stamp(a.From)} to {Stamp(a.To)}{For(a.Activity)}: {(a.BeliefKnownAt is null ? $"as {(a.BeliefKnowledge == KnowledgeBasis.Notice ? "on notice" : "known")} at each moment" : Known(a.BeliefKnownAt, a.BeliefKnowledge))} versus {Known(a.TruthKnownAt, a.TruthKnowledge)}\n");
        if (a.Gaps.Count == 0)
        {
            return text.Append("no difference\n").ToString();
        }

        text.Append(TextTable.Format(
            [.. a.Gaps.Select(g => (IReadOnlyList<string>)[
                g.Subject.Label, $"{Stamp(g.From)} .. {Stamp(g.To)}", Audit(g.Duration), $"{Codes(g.Belief)} / {Codes(g.Truth)}",
                g.Exposure ? "EXPOSURE" : g.OutcomeDiffers ? "over-restricted" : "reasons only", string.Join("; ", g.Responsible.Select(Cause))])],
            "  "));
        return text.ToString();
    }

    public static string Text(EntityTimeline t)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{t.Kind.ToString().ToLowerInvariant()} {t.Id}, {Known(t.KnownAt, t.Knowledge)}{For(t.Activity)}\n\nevents:\n");
        text.Append(TextTable.Format(
            [.. t.Events.Select(f => (IReadOnlyList<string>)[$"valid {Stamp(f.Event.ValidFrom)}{(f.ValidTo is { } to ? $" to {Stamp(to)}" : "")}", $"recorded {Stamp(f.Event.RecordedAt)}", $"{f.Event.Stream} v{f.Event.Version}", f.Summary])],
            "  "));
        foreach (var group in t.Access.GroupBy(i => (i.ModelId, i.Subject)))
        {
            text.Append(CultureInfo.InvariantCulture, $"\naccess of {group.Key.Subject.Label} to {group.Key.ModelId}:\n");
            text.Append(TextTable.Format([.. group.Select(i => (IReadOnlyList<string>)[$"from {Stamp(i.From)}", Codes(i.Decision)])], "  "));
        }

        return text.ToString();
    }

    private static object Answer(AuditSubject subject, Decision decision) => new { subject = Subject(subject), decision };

    private static object Subject(AuditSubject s) => new { kind = s.KindName, id = s.Id, orgId = s.OrgId };

    private static object Fact(AuditFact f) => new { @event = f.Event, validTo = f.ValidTo, summary = f.Summary, source = f.Source };

    private static string Cause(AuditFact f) => $"{f.Summary} ({f.Event.Stream} v{f.Event.Version}, recorded {Stamp(f.Event.RecordedAt)})";

    private static string Codes(Decision d) => d.Allowed ? "allowed" : string.Join("+", d.Reasons.Select(r => r.Code));

    /// <summary>"as known at K", "as on notice at K" (the decisions' own words) or "as known now".</summary>
    private static string Known(DateTimeOffset? k, KnowledgeBasis basis) =>
        k is { } at ? $"as {(basis == KnowledgeBasis.Notice ? "on notice" : "known")} at {Stamp(at)}" : "as known now";

    /// <summary>The activity when it is not the default <c>use</c>: a version-1 question prints as it did.</summary>
    private static string For(string activity) => activity == Activities.Use ? "" : $", for {activity}";

    private static string Name(KnowledgeBasis basis) => LedgerJson.Name(basis);

    private static string Stamp(DateTimeOffset t) => LedgerJson.Format(t);

    private static string Audit(TimeSpan span) => span.ToString(span.TotalDays >= 1 ? @"d\d\ hh\hmm\m" : @"hh\hmm\m", CultureInfo.InvariantCulture);

    private static string Serialize(object value) => Formats.Json(value);
}

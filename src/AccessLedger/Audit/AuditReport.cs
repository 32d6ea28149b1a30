using System.Globalization;
using System.Net;
using System.Text;
using AccessLedger.Decisions;
using AccessLedger.Wire;

namespace AccessLedger.Audit;

/// <summary>
/// The audit report: one self-contained HTML file (inline CSS and SVG, nothing fetched) showing, for one model over
/// [T1, T2), each organization's and person's access as known now and as believed at the time, the events on both
/// clocks, and the tables that answer who, what changed, and where belief and truth parted.
/// </summary>
internal static class AuditReport
{
    private const double Left = 250, Right = 1500, RowHeight = 34, BarHeight = 16, BeliefHeight = 6;

    /// <summary>The colour of each answer in the picture: allowed, or the code of a failing gate.</summary>
    public static IReadOnlyDictionary<string, string> Colours { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["allowed"] = "#2e9d5b",
        [ReasonCodes.UnknownModel] = "#8d8d8d",
        [ReasonCodes.UnknownSubject] = "#c4c4c4",
        [ReasonCodes.LegalBan] = "#c62828",
        [ReasonCodes.ProviderSuspended] = "#f08c00",
        [ReasonCodes.NotProvisioned] = "#6a4fb3",
    };

    public static string Render(AuditState state, string modelId, DateTimeOffset from, DateTimeOffset to, DateTimeOffset generatedAt)
    {
        var subjects = state.Subjects(null);
        var rows = subjects.Select(s =>
        {
            var decisionState = state.StateFor(modelId, s);
            var instants = AuditFacts.Instants(state.FactsFor(modelId, s)).ToList();
            return (Subject: s,
                Truth: AccessHistory.Intervals(decisionState, modelId, s, instants, from, to, AccessHistory.Fixed(null)),
                Belief: AccessHistory.Intervals(decisionState, modelId, s, instants, from, to, AccessHistory.AtTheTime));
        }).ToList();
        var gaps = BeliefVersusTruth.Answer(state, modelId, from, to, null, null).Gaps;
        var changes = WhatChanged.Answer(state, modelId, from, to, null);
        var late = gaps.Where(g => g.OutcomeDiffers).SelectMany(g => g.Responsible).Select(f => f.Event.Position).ToHashSet();
        var events = subjects.SelectMany(s => state.FactsFor(modelId, s)).Concat(EntityTimelines.ModelEvents(state, modelId))
            .Where(f => f.Event.ValidFrom >= from && f.Event.ValidFrom < to)
            .DistinctBy(f => f.Event.Position).OrderBy(f => f.Event.ValidFrom).ThenBy(f => f.Event.Position).ToList();

        // The axis bends at each event and at the recording of each late one (where its hatched band ends).
        var scale = new TimeScale(from, to, events.Select(e => e.Event.ValidFrom).Concat(events.Where(e => late.Contains(e.Event.Position)).Select(e => e.Event.RecordedAt)));
        var html = new StringBuilder();
        html.Append(Inv($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>Access audit: {E(modelId)}, {E(Day(from))} to {E(Day(to))}</title>
            <style>{Css}</style></head><body>
            <h1>Access audit of <code>{E(modelId)}</code></h1>
            <p class="meta">Valid time {E(Stamp(from))} to {E(Stamp(to))} (end excluded). Bars: as known when this report was written
            ({E(Stamp(generatedAt))}, ledger position {state.Checkpoint.Position}, chain hash <code>{E(state.Checkpoint.Hash[..16])}…</code>); the thin line under
            each bar: what the ledger believed at the moment itself. A red frame marks an exposure window (believed allowed, truly denied);
            a grey frame the reverse (believed denied, truly allowed).</p>
            """));
        Legend(html);
        Picture(html, modelId, rows, events, late, gaps, scale);
        Questions(html, modelId);
        GapsTable(html, gaps);
        ChangesTable(html, changes);
        WhoTable(html, rows, from, to);
        EventsTable(html, events, late);
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void Legend(StringBuilder html)
    {
        html.Append("<div class=\"legend\">");
        foreach (var (code, colour) in Colours)
        {
            html.Append(Inv($"<span><i style=\"background:{colour}\"></i>{E(code)}</span>"));
        }

        html.Append("<span><i class=\"late\"></i>recorded late (changed answers retroactively)</span>");
        html.Append("<span><i class=\"gap\"></i>exposure window: believed allowed, truly denied</span>");
        html.Append("<span><i class=\"gap rev\"></i>believed denied, truly allowed</span></div>\n");
    }

    private static void Picture(
        StringBuilder html, string modelId, List<(AuditSubject Subject, List<AccessInterval> Truth, List<AccessInterval> Belief)> rows,
        List<AuditFact> events, HashSet<long> late, IReadOnlyList<BeliefGap> gaps, TimeScale scale)
    {
        // Event markers in lanes, so close instants do not overlap.
        var lanes = new List<double>();
        var markers = new List<(AuditFact Fact, int Number, double X, int Lane)>();
        foreach (var (fact, index) in events.Select((f, i) => (f, i)))
        {
            var x = scale.X(fact.Event.ValidFrom);
            var lane = lanes.FindIndex(end => end + 24 <= x);
            if (lane < 0)
            {
                lanes.Add(x);
                lane = lanes.Count - 1;
            }

            lanes[lane] = x;
            markers.Add((fact, index + 1, x, lane));
        }

        double top = 30 + (Math.Max(1, lanes.Count) * 24);
        var orgHeaders = rows.Select(r => r.Subject.OrgId).Distinct(StringComparer.Ordinal).Count();
        var plotBottom = top + (rows.Count * RowHeight) + (orgHeaders * 22);
        var height = plotBottom + 110;
        html.Append(Inv($"<figure><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Right + 20:F0}\" height=\"{height:F0}\" viewBox=\"0 0 {Right + 20:F0} {height:F0}\" role=\"img\" aria-label=\"access to {E(modelId)} over time\">\n"));
        html.Append("<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fde2e2\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#d32f2f\" stroke-width=\"2\"/></pattern></defs>\n");
        html.Append(Inv($"<rect x=\"{Left:F1}\" y=\"{top - 6:F1}\" width=\"{Right - Left:F1}\" height=\"{plotBottom - top + 6:F1}\" fill=\"#fafafa\" stroke=\"#ddd\"/>\n"));

        // Late facts: a hatched band from when they took effect to when the ledger learned of them.
        foreach (var (fact, _, x, _) in markers.Where(m => late.Contains(m.Fact.Event.Position)))
        {
            var until = scale.X(fact.Event.RecordedAt);
            html.Append(Inv($"<rect x=\"{x:F1}\" y=\"{top - 6:F1}\" width=\"{Math.Max(2, until - x):F1}\" height=\"{plotBottom - top + 6:F1}\" fill=\"url(#hatch)\" opacity=\"0.3\"><title>{E(fact.Summary)}: in effect from {E(Stamp(fact.Event.ValidFrom))}, recorded {E(Stamp(fact.Event.RecordedAt))}</title></rect>\n"));
        }

        foreach (var (fact, number, x, lane) in markers)
        {
            var isLate = late.Contains(fact.Event.Position);
            var colour = isLate ? "#d32f2f" : "#455a64";
            var y = 22 + (lane * 24);
            html.Append(Inv($"<line x1=\"{x:F1}\" y1=\"{y + 9:F1}\" x2=\"{x:F1}\" y2=\"{plotBottom:F1}\" stroke=\"{colour}\" stroke-width=\"1\" stroke-dasharray=\"{(isLate ? "5 3" : "2 3")}\" opacity=\"0.8\"/>"));
            html.Append(Inv($"<g><title>#{number} {E(fact.Summary)} — valid from {E(Stamp(fact.Event.ValidFrom))}, recorded {E(Stamp(fact.Event.RecordedAt))} ({E(fact.Event.Stream)} v{fact.Event.Version})</title>"));
            html.Append(Inv($"<circle cx=\"{x:F1}\" cy=\"{y:F1}\" r=\"9\" fill=\"{(isLate ? "#d32f2f" : "#fff")}\" stroke=\"{colour}\" stroke-width=\"1.5\"/>"));
            html.Append(Inv($"<text x=\"{x:F1}\" y=\"{y + 4:F1}\" text-anchor=\"middle\" class=\"num\" fill=\"{(isLate ? "#fff" : "#263238")}\">{number}</text></g>\n"));
        }

        var rowY = top;
        foreach (var group in rows.GroupBy(r => r.Subject.OrgId, StringComparer.Ordinal))
        {
            html.Append(Inv($"<text x=\"8\" y=\"{rowY + 14:F1}\" class=\"org\">{E(group.Key)}</text>"));
            html.Append(Inv($"<line x1=\"8\" y1=\"{rowY + 19:F1}\" x2=\"{Right:F1}\" y2=\"{rowY + 19:F1}\" stroke=\"#cfd8dc\"/>\n"));
            rowY += 22;
            foreach (var (subject, truth, belief) in group)
            {
                var label = subject.Kind == AuditSubjectKind.Person ? $"{subject.Id}" : subject.Kind == AuditSubjectKind.OrganizationUsPersons ? "US persons (class)" : "foreign persons (class)";
                html.Append(Inv($"<text x=\"22\" y=\"{rowY + 13:F1}\" class=\"{(subject.Kind == AuditSubjectKind.Person ? "person" : "cls")}\">{E(label)}</text>"));
                foreach (var interval in truth)
                {
                    Bar(html, interval, scale, rowY + 2, BarHeight);
                }

                foreach (var interval in belief)
                {
                    Bar(html, interval, scale, rowY + 4 + BarHeight, BeliefHeight);
                }

                foreach (var gap in gaps.Where(g => g.Subject == subject && g.OutcomeDiffers))
                {
                    var (x0, x1) = (scale.X(gap.From), scale.X(gap.To));
                    var frame = gap.Exposure ? "stroke=\"#d50000\" stroke-width=\"2.5\"" : "stroke=\"#78909c\" stroke-width=\"1.5\" stroke-dasharray=\"3 2\"";
                    html.Append(Inv($"<rect x=\"{x0 - 1:F1}\" y=\"{rowY:F1}\" width=\"{Math.Max(3, x1 - x0) + 2:F1}\" height=\"{BarHeight + BeliefHeight + 6:F1}\" fill=\"none\" {frame}><title>exposure window {E(Stamp(gap.From))} to {E(Stamp(gap.To))} ({E(Span(gap.Duration))}): believed {E(AccessHistory.Codes(gap.Belief))}, truth {E(AccessHistory.Codes(gap.Truth))}</title></rect>"));
                }

                html.Append('\n');
                rowY += RowHeight;
            }
        }

        // The axis: a tick at every instant where something happens; the scale between ticks is compressed.
        double tickLane = -1000;
        foreach (var tick in scale.Ticks)
        {
            var x = scale.X(tick);
            html.Append(Inv($"<line x1=\"{x:F1}\" y1=\"{plotBottom:F1}\" x2=\"{x:F1}\" y2=\"{plotBottom + 5:F1}\" stroke=\"#37474f\"/>"));
            if (x - tickLane >= 13)
            {
                html.Append(Inv($"<text transform=\"translate({x + 4:F1},{plotBottom + 9:F1}) rotate(50)\" class=\"tick\">{E(Short(tick))}</text>"));
                tickLane = x;
            }
        }

        html.Append(Inv($"<text x=\"{Left:F1}\" y=\"{height - 6:F1}\" class=\"note\">valid time (UTC); the axis gives every interval between events room to be seen, so it is not to scale</text>\n"));
        html.Append("</svg></figure>\n");
    }

    private static void Bar(StringBuilder html, AccessInterval interval, TimeScale scale, double y, double height)
    {
        var x0 = scale.X(interval.From);
        var x1 = scale.X(interval.To ?? scale.To);
        var codes = interval.Decision.Allowed ? ["allowed"] : interval.Decision.Reasons.Select(r => r.Code).ToList();
        var band = height / codes.Count;
        var title = E($"{AccessHistory.Codes(interval.Decision)} from {Stamp(interval.From)}{(interval.To is { } end ? $" to {Stamp(end)}" : "")}");
        for (var i = 0; i < codes.Count; i++)
        {
            html.Append(Inv($"<rect x=\"{x0:F1}\" y=\"{y + (i * band):F1}\" width=\"{Math.Max(0.5, x1 - x0):F1}\" height=\"{band:F2}\" fill=\"{Colours.GetValueOrDefault(codes[i], "#000")}\"><title>{title}</title></rect>"));
        }
    }

    private static void Questions(StringBuilder html, string modelId) => html.Append(Inv($"""
        <h2>Questions this report answers</h2>
        <ul class="qs">
        <li><b>Who could access {E(modelId)} at an instant?</b> Read down the bars at that instant; the table “Who could access” gives the answers at the start and the end with their reasons.</li>
        <li><b>What changed, when, and why?</b> Every colour change of a bar is a change; the numbered markers are the events, and “What changed” lists who changed which way and the event that caused it.</li>
        <li><b>Did the ledger know at the time?</b> Where the thin line differs from its bar, the ledger believed something else then. Red markers and hatched bands are facts recorded after they took effect; “Exposure windows” lists each window and the late fact behind it.</li>
        <li><b>Which events, on both clocks?</b> “Events” gives each fact's valid time, recording time and lag, with its stream and version in the ledger.</li>
        </ul>
        """));

    private static void GapsTable(StringBuilder html, IReadOnlyList<BeliefGap> gaps)
    {
        html.Append("<h2>Exposure windows: believed at the time versus known now</h2>\n");
        if (gaps.Count == 0)
        {
            html.Append("<p>None: at every instant the ledger already knew what it knows now.</p>\n");
            return;
        }

        html.Append("<table><tr><th>subject</th><th>from</th><th>to</th><th>for</th><th>believed then</th><th>known now</th><th>late facts responsible</th></tr>\n");
        foreach (var gap in gaps)
        {
            html.Append(Inv($"<tr class=\"{(gap.Exposure ? "exposure" : gap.OutcomeDiffers ? "reverse" : "")}\"><td>{E(gap.Subject.Label)}</td><td>{E(Stamp(gap.From))}</td><td>{E(Stamp(gap.To))}</td><td>{E(Span(gap.Duration))}</td><td>{Answer(gap.Belief)}</td><td>{Answer(gap.Truth)}</td><td>{Facts(gap.Responsible)}</td></tr>\n"));
        }

        html.Append("</table>\n");
    }

    private static void ChangesTable(StringBuilder html, WhatChangedAnswer changes)
    {
        html.Append("<h2>What changed (as known now)</h2>\n");
        html.Append("<table><tr><th>at</th><th>subject</th><th>before</th><th>after</th><th>caused by</th></tr>\n");
        foreach (var instant in changes.Instants)
        {
            foreach (var change in instant.Changes)
            {
                html.Append(Inv($"<tr class=\"{(change.Flipped ? "flip" : "")}\"><td>{E(Stamp(instant.At))}</td><td>{E(change.Subject.Label)}</td><td>{Answer(change.Before)}</td><td>{Answer(change.After)}</td><td>{Facts(change.Causes)}</td></tr>\n"));
            }
        }

        html.Append("</table>\n");
    }

    private static void WhoTable(StringBuilder html, List<(AuditSubject Subject, List<AccessInterval> Truth, List<AccessInterval> Belief)> rows, DateTimeOffset from, DateTimeOffset to)
    {
        html.Append(Inv($"<h2>Who could access (as known now)</h2>\n<table><tr><th>subject</th><th>at {E(Stamp(from))}</th><th>just before {E(Stamp(to))}</th><th>reasons at the end</th></tr>\n"));
        foreach (var (subject, truth, _) in rows)
        {
            var (first, last) = (truth[0].Decision, truth[^1].Decision);
            var why = last.Allowed ? "" : string.Join("<br>", last.Reasons.Select(r => E(r.Message)));
            html.Append(Inv($"<tr><td>{E(subject.Label)}</td><td>{Answer(first)}</td><td>{Answer(last)}</td><td class=\"why\">{why}</td></tr>\n"));
        }

        html.Append("</table>\n");
    }

    private static void EventsTable(StringBuilder html, List<AuditFact> events, HashSet<long> late)
    {
        html.Append("<h2>Events in the period, on both clocks</h2>\n<table><tr><th>#</th><th>valid from</th><th>recorded at</th><th>lag</th><th>event</th><th>what it says</th></tr>\n");
        foreach (var (fact, index) in events.Select((f, i) => (f, i)))
        {
            var isLate = late.Contains(fact.Event.Position);
            html.Append(Inv($"<tr class=\"{(isLate ? "latefact" : "")}\"><td>{index + 1}</td><td>{E(Stamp(fact.Event.ValidFrom))}{(fact.ValidTo is { } end ? $" – {E(Stamp(end))}" : "")}</td><td>{E(Stamp(fact.Event.RecordedAt))}</td><td>{(isLate ? "<b>LATE</b> " : "")}{E(Span(fact.Lag))}</td><td><code>{E(fact.Event.Type)}</code><br><small>{E(fact.Event.Stream)} v{fact.Event.Version}, position {fact.Event.Position}</small></td><td>{E(fact.Summary)}</td></tr>\n"));
        }

        html.Append("</table>\n");
    }

    private static string Answer(Decision d) =>
        d.Allowed ? "<span class=\"tag\" style=\"background:#2e9d5b\">allowed</span>"
            : string.Concat(d.Reasons.Select(r => Inv($"<span class=\"tag\" style=\"background:{Colours.GetValueOrDefault(r.Code, "#000")}\">{E(r.Code)}</span>")));

    private static string Facts(IEnumerable<AuditFact> facts) =>
        string.Join("<br>", facts.Select(f => Inv($"<code>{E(f.Event.Type)}</code> {E(f.Event.Stream)} v{f.Event.Version}: valid {E(Stamp(f.Event.ValidFrom))}, recorded {E(Stamp(f.Event.RecordedAt))}")));

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Inv(FormattableString text) => FormattableString.Invariant(text);

    private static string Stamp(DateTimeOffset t) => LedgerJson.Format(t);

    private static string Day(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Short(DateTimeOffset t) => t.UtcDateTime.ToString(t.UtcDateTime.TimeOfDay == TimeSpan.Zero ? "MM-dd" : "MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A duration as an auditor reads it: <c>1h09m</c>, <c>2d 03h</c>, <c>on time</c>.</summary>
    internal static string Span(TimeSpan span) => span <= TimeSpan.Zero ? "on time" : span switch
    {
        { TotalDays: >= 1 } => Inv($"{(int)span.TotalDays}d {span.Hours:00}h{span.Minutes:00}m"),
        { TotalHours: >= 1 } => Inv($"{(int)span.TotalHours}h{span.Minutes:00}m"),
        { TotalMinutes: >= 1 } => Inv($"{(int)span.TotalMinutes}m{(span.Seconds > 0 ? $"{span.Seconds:00}s" : "")}"),
        _ => Inv($"{span.TotalSeconds:0.###}s"),
    };

    /// <summary>
    /// Valid time to x: every stretch between consecutive instants gets half its share by length and half an
    /// equal share, so 69 minutes in a month stay visible.
    /// </summary>
    private sealed class TimeScale
    {
        private readonly List<DateTimeOffset> _ticks;
        private readonly List<double> _xs;

        public TimeScale(DateTimeOffset from, DateTimeOffset to, IEnumerable<DateTimeOffset> instants)
        {
            To = to;
            _ticks = instants.Where(i => i > from && i < to).Append(from).Append(to).Distinct().Order().ToList();
            var total = (to - from).TotalSeconds;
            var stretches = _ticks.Count - 1;
            _xs = [Left];
            for (var i = 1; i < _ticks.Count; i++)
            {
                var share = (0.5 * (_ticks[i] - _ticks[i - 1]).TotalSeconds / total) + (0.5 / stretches);
                _xs.Add(_xs[^1] + (share * (Right - Left)));
            }
        }

        public DateTimeOffset To { get; }

        public IReadOnlyList<DateTimeOffset> Ticks => _ticks;

        public double X(DateTimeOffset t)
        {
            if (t <= _ticks[0])
            {
                return _xs[0];
            }

            if (t >= _ticks[^1])
            {
                return _xs[^1];
            }

            var i = _ticks.FindIndex(x => x > t);
            var f = (t - _ticks[i - 1]).TotalSeconds / (_ticks[i] - _ticks[i - 1]).TotalSeconds;
            return _xs[i - 1] + (f * (_xs[i] - _xs[i - 1]));
        }
    }

    private const string Css = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1f2a30;margin:24px 28px;max-width:1560px}
        h1{font-size:24px;margin:0 0 6px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #cfd8dc;padding-bottom:4px}
        .meta{color:#455a64;margin:0 0 10px;max-width:1200px}code{font-family:"DejaVu Sans Mono",monospace;font-size:12.5px}
        .legend{display:flex;flex-wrap:wrap;gap:16px;margin:8px 0 4px}.legend span{display:inline-flex;align-items:center;gap:6px}
        .legend i{display:inline-block;width:22px;height:12px;border-radius:2px}
        .legend i.late{background:repeating-linear-gradient(45deg,#fde2e2 0 3px,#d32f2f 3px 5px)}.legend i.gap{border:2.5px solid #d50000;height:8px}.legend i.gap.rev{border:1.5px dashed #78909c}
        figure{margin:6px 0}svg text{font-family:system-ui,"DejaVu Sans",sans-serif}
        svg .org{font-weight:700;font-size:14px;fill:#263238}svg .person{font-size:13px;fill:#263238}svg .cls{font-size:12px;fill:#607d8b;font-style:italic}
        svg .num{font-size:10px;font-weight:700}svg .tick{font-size:10.5px;fill:#37474f}svg .note{font-size:11px;fill:#78909c}
        table{border-collapse:collapse;margin:4px 0 8px;font-size:13px}th,td{border:1px solid #dfe5e8;padding:4px 8px;text-align:left;vertical-align:top}
        th{background:#eceff1}tr.exposure td{background:#ffe9e7}tr.reverse td{background:#f3f6f8}tr.flip td:first-child{border-left:4px solid #263238}tr.latefact td{background:#fff4f4}
        .tag{display:inline-block;color:#fff;border-radius:3px;padding:0 6px;margin:1px 3px 1px 0;font-size:12px}
        td.why{font-size:12px;color:#455a64;max-width:640px}.qs li{margin:3px 0}
        """;
}

using System.Globalization;
using System.Text;
using AccessLedger.Decisions;
using static AccessLedger.Audit.ReportText;

namespace AccessLedger.Audit;

/// <summary>
/// The chart of the shown subjects: a bar per subject (access as known at K) over a thin line (as believed at the
/// time), framed where the two differ in outcome, under numbered markers for the events. It is drawn in blocks of a
/// few rows, each a complete picture (markers, rows, axis) scaled to the page width, so that no block is wider than
/// the screen and each fits on one A4 page, whose whole width is the whole range.
/// </summary>
internal static class ReportChart
{
    // User units: the SVG scales to the width of the page (viewBox, width 100%).
    private const double Width = 1200, Left = 200, Right = 1186, RowHeight = 30, BarHeight = 14, BeliefHeight = 5, OrgHeight = 22, LaneHeight = 20;

    // A block's rows (a person or class counts one, an organization heading about two thirds): a block fits an A4
    // landscape page, the first one with the legend above it.
    private const double BlockBudget = 13 * RowHeight;

    // Beyond these, person events are not marked (they change one row each, and the tables list them) and the axis is linear.
    private const int MaxMarkers = 40, MaxBends = 48;

    public static void Write(StringBuilder html, ReportData data)
    {
        var number = data.Events.Select((f, i) => (f.Event.Position, Number: i + 1)).ToDictionary(x => x.Position, x => x.Number);
        var markers = Markers(data);
        var scale = new TimeScale(
            data.From,
            data.To,
            markers.SelectMany(f => f.ValidTo is { } end ? [f.Event.ValidFrom, end] : new[] { f.Event.ValidFrom })
                .Concat(markers.Where(f => data.RiskLate.Contains(f.Event.Position)).Select(f => f.Event.RecordedAt)),
            MaxBends);
        var placed = Lanes(markers, scale);
        var lanes = placed.Count == 0 ? 1 : placed.Max(m => m.Lane) + 1;

        var blocks = Blocks(data.Shown);
        for (var b = 0; b < blocks.Count; b++)
        {
            var rows = blocks[b];
            var top = 10 + (lanes * LaneHeight) + 8;
            var plotBottom = top + rows.Sum(r => r.Heading ? OrgHeight : RowHeight);
            var height = plotBottom + 84;
            var first = rows.First(r => !r.Heading).History.Subject.Label;
            var last = rows.Last().History.Subject.Label;
            html.Append(Inv($"<figure class=\"chunk\"><svg viewBox=\"0 0 {Width:F0} {height:F0}\" role=\"img\" aria-labelledby=\"chart-{b}\">"));
            html.Append(Inv($"<title id=\"chart-{b}\">Access to {E(data.ModelId)} over valid time, {E(first)} to {E(last)}: one bar per subject</title>\n"));
            html.Append(Inv($"<rect x=\"{Left:F0}\" y=\"{top - 4:F0}\" width=\"{Right - Left:F0}\" height=\"{plotBottom - top + 4:F0}\" fill=\"#fafafa\" stroke=\"#d5dde1\"/>\n"));
            LateBands(html, data, markers, scale, top - 4, plotBottom);
            Markers(html, data, placed, number, plotBottom);
            var y = top;
            foreach (var row in rows)
            {
                if (row.Heading)
                {
                    html.Append(Inv($"<text x=\"6\" y=\"{y + 15:F1}\" class=\"org\">{E(Clip(row.History.Subject.OrgId, 30))}</text><line x1=\"6\" y1=\"{y + 20:F1}\" x2=\"{Right:F0}\" y2=\"{y + 20:F1}\" stroke=\"#cfd8dc\"/>\n"));
                    y += OrgHeight;
                    continue;
                }

                Row(html, row.History, scale, y);
                y += RowHeight;
            }

            Axis(html, scale, plotBottom, height);
            html.Append("</svg>");
            html.Append(Inv($"<figcaption>{E(first)} to {E(last)}{(blocks.Count > 1 ? Inv($" (block {b + 1} of {blocks.Count})") : "")}. The same answers are in the tables above, in words.</figcaption></figure>\n"));
        }
    }

    /// <summary>The events marked on the chart: all of them when few; else those about the model and organizations.</summary>
    private static List<AuditFact> Markers(ReportData data)
    {
        var events = data.Events.ToList();
        if (events.Count > MaxMarkers)
        {
            events = events.Where(f => !f.Event.Stream.StartsWith("person-", StringComparison.Ordinal)).ToList();
        }

        if (events.Count > MaxMarkers)
        {
            events = events.Where(f => !f.Event.Stream.StartsWith("org-", StringComparison.Ordinal) || data.RiskLate.Contains(f.Event.Position)).ToList();
        }

        return events;
    }

    /// <summary>Markers in lanes, so that close instants do not overlap.</summary>
    private static List<(AuditFact Fact, double X, int Lane)> Lanes(List<AuditFact> markers, TimeScale scale)
    {
        var lanes = new List<double>();
        var placed = new List<(AuditFact, double, int)>();
        foreach (var fact in markers)
        {
            var x = scale.X(fact.Event.ValidFrom);
            var lane = lanes.FindIndex(end => end + 19 <= x);
            if (lane < 0)
            {
                lanes.Add(x);
                lane = lanes.Count - 1;
            }

            lanes[lane] = x;
            placed.Add((fact, x, lane));
        }

        return placed;
    }

    private sealed record BlockRow(SubjectHistory History, bool Heading);

    /// <summary>The shown subjects cut into blocks; each block starts with its organization's heading.</summary>
    private static List<List<BlockRow>> Blocks(IReadOnlyList<SubjectHistory> shown)
    {
        var blocks = new List<List<BlockRow>>();
        List<BlockRow>? block = null;
        double used = 0;
        string? org = null;
        foreach (var history in shown)
        {
            var newOrg = history.Subject.OrgId != org;
            if (block is null || used + RowHeight + (newOrg ? OrgHeight : 0) > BlockBudget)
            {
                blocks.Add(block = []);
                used = 0;
                newOrg = true;
            }

            if (newOrg)
            {
                block.Add(new BlockRow(history, Heading: true));
                used += OrgHeight;
                org = history.Subject.OrgId;
            }

            block.Add(new BlockRow(history, Heading: false));
            used += RowHeight;
        }

        return blocks;
    }

    private static void LateBands(StringBuilder html, ReportData data, List<AuditFact> markers, TimeScale scale, double top, double bottom)
    {
        foreach (var fact in markers.Where(m => data.RiskLate.Contains(m.Event.Position)))
        {
            var (x0, x1) = (scale.X(fact.Event.ValidFrom), scale.X(fact.Event.RecordedAt));
            html.Append(Inv($"<rect x=\"{x0:F1}\" y=\"{top:F1}\" width=\"{Math.Max(2, x1 - x0):F1}\" height=\"{bottom - top:F1}\" fill=\"#f6c6c6\" opacity=\"0.45\"><title>{E(fact.Summary)}: in effect from {E(Stamp(fact.Event.ValidFrom))}, recorded {E(Stamp(fact.Event.RecordedAt))}</title></rect>"));
            html.Append(Inv($"<line x1=\"{x1:F1}\" y1=\"{top:F1}\" x2=\"{x1:F1}\" y2=\"{bottom:F1}\" stroke=\"#c62828\" stroke-width=\"1\" stroke-dasharray=\"1 3\" opacity=\"0.7\"/>\n"));
        }
    }

    private static void Markers(StringBuilder html, ReportData data, List<(AuditFact Fact, double X, int Lane)> placed, Dictionary<long, int> number, double plotBottom)
    {
        foreach (var (fact, x, lane) in placed)
        {
            var risk = data.RiskLate.Contains(fact.Event.Position);
            var lag = data.LagLate.Contains(fact.Event.Position);
            var (stroke, fill, text) = risk ? ("#c62828", "#c62828", "#fff") : lag ? ("#546e7a", "#78909c", "#fff") : ("#455a64", "#fff", "#263238");
            var y = 18 + (lane * LaneHeight);
            html.Append(Inv($"<line x1=\"{x:F1}\" y1=\"{y + 8:F1}\" x2=\"{x:F1}\" y2=\"{plotBottom:F1}\" stroke=\"{stroke}\" stroke-width=\"1\" stroke-dasharray=\"{(risk ? "5 3" : "2 3")}\" opacity=\"0.8\"/>"));
            html.Append(Inv($"<g><title>#{number[fact.Event.Position]} {E(fact.Summary)}: valid from {E(Stamp(fact.Event.ValidFrom))}, recorded {E(Stamp(fact.Event.RecordedAt))}</title>"));
            html.Append(Inv($"<circle cx=\"{x:F1}\" cy=\"{y:F1}\" r=\"8\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.5\"/>"));
            html.Append(Inv($"<text x=\"{x:F1}\" y=\"{y + 3.5:F1}\" text-anchor=\"middle\" class=\"num\" fill=\"{text}\">{number[fact.Event.Position]}</text></g>\n"));
        }
    }

    private static void Row(StringBuilder html, SubjectHistory history, TimeScale scale, double y)
    {
        var subject = history.Subject;
        var (label, css) = subject.Kind switch
        {
            AuditSubjectKind.Person => (subject.Id, "person"),
            AuditSubjectKind.OrganizationUsPersons => ("US persons (class)", "cls"),
            _ => ("foreign persons (class)", "cls"),
        };
        html.Append(Inv($"<text x=\"18\" y=\"{y + 14:F1}\" class=\"{css}\">{E(Clip(label, 27))}<title>{E(subject.Label)}</title></text>"));
        foreach (var interval in history.Truth)
        {
            Bar(html, interval, scale, y + 3, BarHeight, labelled: true);
        }

        foreach (var interval in history.Belief)
        {
            Bar(html, interval, scale, y + 5 + BarHeight, BeliefHeight, labelled: false);
        }

        foreach (var frame in history.Disagreements)
        {
            var (x0, x1) = (scale.X(frame.From), scale.X(frame.To));
            var look = frame.Kind == DisagreementKind.Exposure ? "stroke=\"#d50000\" stroke-width=\"2.5\"" : "stroke=\"#546e7a\" stroke-width=\"1.5\" stroke-dasharray=\"3 2\"";
            var what = frame.Kind == DisagreementKind.Exposure ? "exposure: allowed then, denied as known now" : "denied then, allowed as known now (not a risk)";
            html.Append(Inv($"<rect x=\"{x0 - 1:F1}\" y=\"{y + 1:F1}\" width=\"{Math.Max(3, x1 - x0) + 2:F1}\" height=\"{BarHeight + BeliefHeight + 6:F1}\" fill=\"none\" {look}><title>{what}, {E(Stamp(frame.From))} to {E(Stamp(frame.To))} ({E(Span(frame.Duration))})</title></rect>"));
        }

        html.Append('\n');
    }

    private static void Bar(StringBuilder html, AccessInterval interval, TimeScale scale, double y, double height, bool labelled)
    {
        var (x0, x1) = (scale.X(interval.From), scale.X(interval.To ?? scale.To));
        var codes = ReportStyle.Codes(interval.Decision);
        var band = height / codes.Count;
        var title = E($"{AccessHistory.Codes(interval.Decision)} from {Stamp(interval.From)}{(interval.To is { } end ? $" to {Stamp(end)}" : "")}");
        for (var i = 0; i < codes.Count; i++)
        {
            ReportStyle.Paint(html, codes[i], x0, y + (i * band), x1 - x0, band, textured: labelled, title);
        }

        if (!labelled)
        {
            return;
        }

        // A word in the bar when it fits, so the answer reads without colour.
        var room = x1 - x0 - 6;
        var words = new[] { string.Join(" + ", codes.Select(c => ReportStyle.Of(c).Label)), string.Join(" + ", codes.Select(c => ReportStyle.Of(c).Short)) };
        if (words.FirstOrDefault(w => w.Length * 5.6 <= room) is { } word)
        {
            html.Append(Inv($"<text x=\"{x0 + 4:F1}\" y=\"{y + (height / 2) + 3.4:F1}\" class=\"bar\">{E(word)}</text>"));
        }
    }

    private static void Axis(StringBuilder html, TimeScale scale, double plotBottom, double height)
    {
        var days = (scale.To - scale.From).TotalDays;
        var format = scale.From.Year != scale.To.AddTicks(-1).Year ? "yyyy-MM-dd" : "MM-dd";
        double lastLabel = -1000;
        foreach (var tick in scale.Ticks)
        {
            var x = scale.X(tick);
            html.Append(Inv($"<line x1=\"{x:F1}\" y1=\"{plotBottom:F1}\" x2=\"{x:F1}\" y2=\"{plotBottom + 5:F1}\" stroke=\"#37474f\"/>"));
            if (x - lastLabel >= 13)
            {
                var time = tick.UtcDateTime.TimeOfDay == TimeSpan.Zero ? "" : tick.UtcDateTime.ToString(tick.UtcDateTime.Second == 0 ? " HH:mm" : " HH:mm:ss", CultureInfo.InvariantCulture);
                html.Append(Inv($"<text transform=\"translate({x + 3:F1},{plotBottom + 9:F1}) rotate(-45)\" text-anchor=\"end\" class=\"tick\">{tick.UtcDateTime.ToString(format, CultureInfo.InvariantCulture)}{time}</text>"));
                lastLabel = x;
            }
        }

        var note = scale.Linear
            ? $"valid time (UTC), to scale: {days:0.#} days"
            : "valid time (UTC); the axis gives every stretch between events room to be seen, so it is not to scale";
        html.Append(Inv($"<text x=\"{Left:F0}\" y=\"{height - 4:F1}\" class=\"foot\">{E(note)}</text>\n"));
    }

    /// <summary>
    /// Valid time to x. With few instants, every stretch between consecutive instants gets half its share by length
    /// and half an equal share, so 69 minutes in a month stay visible; with many, the axis is linear.
    /// </summary>
    private sealed class TimeScale
    {
        private readonly List<DateTimeOffset> _ticks;
        private readonly List<double> _xs;

        public TimeScale(DateTimeOffset from, DateTimeOffset to, IEnumerable<DateTimeOffset> instants, int maxBends)
        {
            (From, To) = (from, to);
            _ticks = instants.Where(i => i > from && i < to).Append(from).Append(to).Distinct().Order().ToList();
            Linear = _ticks.Count - 2 > maxBends;
            var total = (to - from).TotalSeconds;
            var stretches = _ticks.Count - 1;
            var equal = Linear ? 0 : 0.5;
            _xs = [Left];
            for (var i = 1; i < _ticks.Count; i++)
            {
                var share = ((1 - equal) * (_ticks[i] - _ticks[i - 1]).TotalSeconds / total) + (equal / stretches);
                _xs.Add(_xs[^1] + (share * (Right - Left)));
            }
        }

        public DateTimeOffset From { get; }

        public DateTimeOffset To { get; }

        public bool Linear { get; }

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
}

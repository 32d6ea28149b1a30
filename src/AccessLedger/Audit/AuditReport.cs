using System.Text;
using AccessLedger.Decisions;
using AccessLedger.Timelines;
using static AccessLedger.Audit.ReportText;

namespace AccessLedger.Audit;

/// <summary>
/// The audit report: one self-contained HTML file (inline CSS and SVG, nothing fetched, no script) for one model over
/// [T1, T2) as known at K. It opens with the answers in words (in short; who could access, per organization and per
/// subject; each subject's access intervals), then the chart, then the exposures (risks apart from registration lags),
/// what changed and the events on both clocks. Its size is bounded whatever the ledger: the per-subject parts show one
/// page of subjects, the rest is counted or grouped (<see cref="ReportData"/>).
/// </summary>
internal static class AuditReport
{
    /// <summary>Checks the question and writes the report; a <see cref="Rules.LedgerRuleException"/> comes before any output.</summary>
    public static string Render(AuditState state, string modelId, DateTimeOffset from, DateTimeOffset to, AuditReportOptions options, DateTimeOffset generatedAt)
    {
        var data = ReportData.Build(state, modelId, from, to, options);
        var html = new StringBuilder(64 * 1024);
        html.Append(Inv($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Access audit: {E(modelId)}, {E(Stamp(from))} to {E(Stamp(to))}</title>
            <style>{ReportStyle.Css}</style></head><body>

            """));
        html.Append(Inv($"""
            <header><h1>Access audit of <code>{E(modelId)}</code></h1>
            <p class="meta">Activity <code>{E(data.Options.Activity)}</code>. Valid time {E(Stamp(from))} to {E(Stamp(to))} (end excluded), {E(data.AsKnown)}{E(Basis(data))}. Written {E(Stamp(generatedAt))} from the ledger
            at position {data.Checkpoint.Position}, chain hash <code>{E(data.Checkpoint.Hash[..Math.Min(16, data.Checkpoint.Hash.Length)])}…</code>. Subjects: {E(Scope(data))}.</p>
            <nav class="toc">Contents: <a href="#summary">In short</a> <a href="#who">Who could access</a> <a href="#intervals">Access intervals</a>
            <a href="#chart">Chart</a> <a href="#exposures">Exposures</a> <a href="#changes">What changed</a> <a href="#events">Events</a></nav></header>

            """));
        Summary(html, data);
        Who(html, data);
        Intervals(html, data);
        Chart(html, data);
        Exposures(html, data);
        Changes(html, data);
        Events(html, data);
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static string Scope(ReportData data)
    {
        var parts = new List<string>();
        if (data.Options.Organizations.Count > 0)
        {
            parts.Add($"organization{(data.Options.Organizations.Count == 1 ? "" : "s")} {string.Join(", ", data.Options.Organizations)} (their classes and people)");
        }

        if (data.Options.Persons.Count > 0)
        {
            parts.Add($"person{(data.Options.Persons.Count == 1 ? "" : "s")} {string.Join(", ", data.Options.Persons)}");
        }

        var who = parts.Count == 0 ? "every enrolled person and the two classes of every registered organization" : string.Join(" and ", parts);
        var changed = data.Options.ChangedOnly ? ", only those whose access changed" : "";
        return $"{who}{changed}: {Count(data.InScope.Count)} of the {Count(data.KnownSubjects, "subject")} the ledger knew";
    }

    /// <summary>The paging sentence, or null when every subject in scope is shown.</summary>
    private static string? Paging(ReportData data)
    {
        if (data.Pages == 1)
        {
            return null;
        }

        var last = data.FirstShown + data.Shown.Count;
        var rest = data.InScope.Count - data.Shown.Count;
        var next = data.Options.Page < data.Pages ? $", or turn the page with --page {data.Options.Page + 1}" : ", or turn back with --page 1";
        return $"Showing subjects {Count(data.FirstShown + 1)}–{Count(last)} of {Count(data.InScope.Count)} (page {data.Options.Page} of {Count(data.Pages)}). "
            + $"{Count(rest)} more subject{(rest == 1 ? "" : "s")} not shown in the chart and the per-subject tables; narrow with --org, --person or --changed-only{next}. "
            + "The counts, exposures and changes cover every subject in scope.";
    }

    private static void Summary(StringBuilder html, ReportData data)
    {
        var scope = data.InScope;
        var persons = scope.Count(h => h.Subject.Kind == AuditSubjectKind.Person);
        html.Append("<section id=\"summary\"><h2>In short</h2><ul class=\"summary\">\n");
        var classes = scope.Where(h => h.Subject.Kind != AuditSubjectKind.Person).ToList();
        var ofOrganizations = classes.Count == 0 ? "no organization class"
            : classes.Count == 2 * classes.Select(h => h.Subject.OrgId).Distinct().Count()
            ? $"the US-person and foreign-person classes of {Count(classes.Count / 2, "organization")}"
            : $"{Count(classes.Count, "organization class", "organization classes")} (an organization's US-person or foreign-person staff)";
        html.Append(Inv($"<li><b>{Count(scope.Count, "subject")}</b> in scope: {Count(persons, "person")} and {ofOrganizations}.</li>\n"));
        if (scope.Count > 0)
        {
            var (start, end) = (scope.Count(h => h.Truth[0].Decision.Allowed), scope.Count(h => h.Truth[^1].Decision.Allowed));
            html.Append(Inv($"<li>At {E(Stamp(data.From))}: <b>{Count(start)} allowed</b>, {Count(scope.Count - start)} denied. Just before {E(Stamp(data.To))}: <b>{Count(end)} allowed</b>, {Count(scope.Count - end)} denied. "));
            var flipped = scope.Count(h => h.Truth.Zip(h.Truth.Skip(1)).Any(p => p.First.Decision.Allowed != p.Second.Decision.Allowed));
            html.Append(Inv($"{Count(scope.Count(h => h.Truth.Count > 1), "subject")} had their answer change in the range, {Count(flipped)} of them between allowed and denied (see What changed).</li>\n"));
        }

        var windows = data.Exposures.SelectMany(g => g.Windows.Select(w => (w.From, w.To, w.Subjects)))
            .Concat(data.OwnExposures.SelectMany(g => g.Windows.Select(w => (w.From, w.To, Subjects: (IReadOnlyList<AuditSubject>)[w.Subject])))).ToList();
        var exposed = windows.SelectMany(w => w.Subjects).Distinct().Count();
        if (exposed == 0)
        {
            html.Append("<li><b>No exposure</b>: at no moment was a subject allowed that, as now known, was denied.</li>\n");
        }
        else
        {
            var longest = windows.MaxBy(w => w.To - w.From);
            var causes = data.Exposures.SelectMany(g => g.Causes).DistinctBy(f => f.Event.Position).Select(f => $"{E(f.Summary)} ({E(Span(f.Lag))} late)")
                .Concat(data.OwnExposures.Select(g => $"{Count(g.Causes.Count, "late fact")} of the persons' own ({E(string.Join(", ", g.CauseTypes))})")).ToList();
            html.Append(Inv($"<li><b>Exposures: {Count(exposed, "subject")} allowed at the time while, as now known, denied</b>, in {Count(windows.Count, "window")}; "));
            html.Append(Inv($"the longest lasted {E(Span(longest.To - longest.From))} ({E(longest.Subjects[0].Label)}{(longest.Subjects.Count > 1 ? Inv($" and {Count(longest.Subjects.Count - 1)} more") : "")}, from {E(Stamp(longest.From))}). "));
            html.Append(Inv($"Caused by facts recorded after they took effect: {string.Join("; ", causes.Take(6))}{(causes.Count > 6 ? Inv($"; and {Count(causes.Count - 6, "more")}") : "")}.</li>\n"));
        }

        foreach (var kind in new[] { DisagreementKind.RegistrationLag, DisagreementKind.OverRestriction })
        {
            var groups = data.NoRisk.Where(g => g.Kind == kind).ToList();
            var subjects = groups.SelectMany(g => g.Windows.Select(w => w.Subject)).Distinct().Count();
            if (subjects > 0)
            {
                var why = kind == DisagreementKind.RegistrationLag
                    ? "because registrations, enrolments or provisionings were recorded after they took effect (registration lag)"
                    : "because other facts (lifts, exceptions) were recorded after they took effect";
                html.Append(Inv($"<li>Not a risk: {Count(subjects, "subject")} denied at the time though allowed as now known, {why}; listed apart from the exposures.</li>\n"));
            }
        }

        if (data.ReasonOnlyGaps > 0)
        {
            html.Append(Inv($"<li>{Count(data.ReasonOnlyGaps, "stretch")} where the answer at the time and the answer as now known differ only in the failing gates (denied both ways) are not listed; <code>accessledger diff</code> gives them.</li>\n"));
        }

        html.Append("</ul>\n");
        if (Paging(data) is { } paging)
        {
            Note(html, paging);
        }

        html.Append("</section>\n");
    }

    private static void Who(StringBuilder html, ReportData data)
    {
        html.Append(Inv($"<section id=\"who\"><h2>Who could access {E(data.ModelId)} ({E(data.AsKnown)})</h2>\n"));
        if (data.InScope.Count == 0)
        {
            html.Append("<p class=\"none\">No subject in scope.</p></section>\n");
            return;
        }

        Table(html, "orgs", Inv($"Per organization: how many of its subjects (its two classes and its people) were allowed at the start ({E(Stamp(data.From))}) and at the end (just before {E(Stamp(data.To))})"), "organization", "#subjects", "#persons", "#allowed at the start", "#allowed at the end", "#answer changed", "#exposed", "#longest exposure");
        html.Append("<tbody>\n");
        foreach (var o in data.Organizations.Take(ReportData.MaxOrganizationRows))
        {
            html.Append(Inv($"<tr><th scope=\"row\">{E(o.OrgId)}</th><td class=\"n\">{Count(o.Subjects)}</td><td class=\"n\">{Count(o.Persons)}</td><td class=\"n\">{Count(o.AllowedAtStart)}</td><td class=\"n\">{Count(o.AllowedAtEnd)}</td><td class=\"n\">{Count(o.Changed)}</td><td class=\"n{(o.Exposed > 0 ? " risk" : "")}\">{Count(o.Exposed)}</td><td class=\"n{(o.Exposed > 0 ? " risk" : "")}\">{(o.Exposed > 0 ? E(Span(o.LongestExposure)) : "")}</td></tr>\n"));
        }

        html.Append("</tbody>");
        var all = data.Organizations;
        html.Append(Inv($"<tfoot><tr><th scope=\"row\">all {Count(all.Count, "organization")}</th><td class=\"n\">{Count(all.Sum(o => o.Subjects))}</td><td class=\"n\">{Count(all.Sum(o => o.Persons))}</td><td class=\"n\">{Count(all.Sum(o => o.AllowedAtStart))}</td><td class=\"n\">{Count(all.Sum(o => o.AllowedAtEnd))}</td><td class=\"n\">{Count(all.Sum(o => o.Changed))}</td><td class=\"n\">{Count(all.Sum(o => o.Exposed))}</td><td></td></tr></tfoot></table>\n"));
        More(html, all.Count - ReportData.MaxOrganizationRows, "organization", "narrow with --org");

        Table(html, "subjects", Inv($"One row per subject{(data.Pages > 1 ? Inv($" (page {data.Options.Page} of {Count(data.Pages)}: subjects {Count(data.FirstShown + 1)}–{Count(data.FirstShown + data.Shown.Count)})") : "")}"), "subject", $"at {Stamp(data.From)}", $"just before {Stamp(data.To)}", "#allowed for", "#answers in the range", "exposed");
        html.Append("<tbody>\n");
        var range = data.To - data.From;
        foreach (var h in data.Shown)
        {
            var allowed = h.AllowedFor(data.To);
            var exposed = h.Exposed ? Inv($"<td class=\"risk\">yes, up to {E(Span(h.LongestExposure))}</td>") : "<td>no</td>";
            html.Append(Inv($"<tr><th scope=\"row\">{E(h.Subject.Label)}</th><td>{Answer(h.Truth[0].Decision)}</td><td>{Answer(h.Truth[^1].Decision)}</td><td class=\"n\">{(allowed > TimeSpan.Zero ? E(Span(allowed)) : "never")} ({100 * allowed / range:0}%)</td><td class=\"n\">{h.Truth.Count}</td>{exposed}</tr>\n"));
        }

        html.Append("</tbody></table>\n");
        if (Paging(data) is { } paging)
        {
            Note(html, paging);
        }

        html.Append("</section>\n");
    }

    private static void Intervals(StringBuilder html, ReportData data)
    {
        html.Append("<section id=\"intervals\"><h2>Access intervals per subject</h2>\n");
        if (data.Shown.Count == 0)
        {
            html.Append("<p class=\"none\">No subject in scope.</p></section>\n");
            return;
        }

        Table(html, "intervals", Inv($"Each stretch over which a subject's answer stayed the same, {E(data.AsKnown)}: from (included) to (excluded), the answer, and why; subjects with the same history share their rows"), "subject", "from", "to", "#for", "answer", "why");
        // Subjects whose intervals are the same, with the same sentences, share one group of rows.
        foreach (var group in data.Shown.GroupBy(h => string.Join("\n", h.Truth.Select(i => Inv($"{Stamp(i.From)} {Why(i.Decision)}"))), StringComparer.Ordinal))
        {
            var truth = group.First().Truth;
            var names = string.Join("<br>", group.Select(h => E(h.Subject.Label)));
            html.Append("<tbody class=\"subject\">");
            for (var i = 0; i < truth.Count; i++)
            {
                var interval = truth[i];
                var end = interval.To ?? data.To;
                var head = i == 0 ? Inv($"<th scope=\"rowgroup\" rowspan=\"{truth.Count}\">{names}</th>") : "";
                html.Append(Inv($"<tr>{head}<td class=\"t\">{E(Stamp(interval.From))}</td><td class=\"t\">{E(Stamp(end))}</td><td class=\"n\">{E(Span(end - interval.From))}</td><td>{Answer(interval.Decision)}</td><td class=\"why\">{Why(interval.Decision)}</td></tr>\n"));
            }

            html.Append("</tbody>\n");
        }

        html.Append("</table>\n</section>\n");
    }

    private static void Chart(StringBuilder html, ReportData data)
    {
        html.Append("<section id=\"chart\"><h2>Chart</h2>\n<div class=\"legend\">");
        foreach (var look in ReportStyle.Looks)
        {
            html.Append(Inv($"<span>{ReportStyle.Swatch(look.Code)}<b>{E(look.Label)}</b>: {E(look.Meaning)}</span>"));
        }

        html.Append("</div><div class=\"legend\">");
        html.Append("<span>Bar: the answer as known when the report was written (or at K); thin line under it: the answer believed at the moment itself</span>");
        html.Append("<span><i class=\"exp\"></i>exposure: allowed then, denied as now known</span>");
        html.Append("<span><i class=\"rev\"></i>denied then, allowed as now known (not a risk)</span>");
        html.Append("<span><i class=\"late\"></i>pale red band: a fact behind an exposure, from when it took effect to when it was recorded</span>");
        html.Append("<span>Numbered circles: the events (table Events); filled red: recorded late, caused an exposure; filled grey: recorded late, no risk; hollow: recorded in time</span></div>\n");
        if (data.Shown.Count == 0)
        {
            html.Append("<p class=\"none\">No subject in scope.</p></section>\n");
            return;
        }

        if (Paging(data) is { } paging)
        {
            Note(html, paging);
        }

        ReportChart.Write(html, data);
        html.Append("</section>\n");
    }

    private static void Exposures(StringBuilder html, ReportData data)
    {
        html.Append("<section id=\"exposures\"><h2>Exposures: allowed at the time, denied as now known</h2>\n");
        if (data.Exposures.Count == 0 && data.OwnExposures.Count == 0)
        {
            html.Append("<p class=\"none\">None: at no moment did the ledger allow a subject that, as now known, was denied.</p>\n");
        }
        else
        {
            Table(html, "exposures", "Grouped by the late facts that caused them: one row per window, with everyone it exposed; many persons exposed each by a late fact of their own are collapsed into one row", "caused by (recorded late)", "from", "to", "#for", "#subjects", "who");
            var budget = ReportData.MaxExposureWindows;
            foreach (var group in data.Exposures)
            {
                var windows = group.Windows.Take(Math.Max(0, budget)).ToList();
                budget -= windows.Count;
                if (windows.Count == 0)
                {
                    break;
                }

                html.Append("<tbody class=\"subject\">");
                foreach (var (w, i) in windows.Select((w, i) => (w, i)))
                {
                    var head = i == 0 ? Inv($"<th scope=\"rowgroup\" rowspan=\"{windows.Count}\">{Facts(group.Causes)}</th>") : "";
                    html.Append(Inv($"<tr class=\"exposed\">{head}<td class=\"t\">{E(Stamp(w.From))}</td><td class=\"t\">{E(Stamp(w.To))}</td><td class=\"n\">{E(Span(w.To - w.From))}</td><td class=\"n\">{Count(w.Subjects.Count)}</td><td>{Names(w.Subjects)}</td></tr>\n"));
                }

                html.Append("</tbody>\n");
            }

            Collapsed(html, data.OwnExposures, "persons exposed by their own late facts");
            html.Append("</table>\n");
            More(html, data.Exposures.Sum(g => g.Windows.Count) - ReportData.MaxExposureWindows, "exposure window", "narrow with --org or --person");
        }

        html.Append("<h3>Not a risk: denied at the time, allowed as now known</h3>\n");
        if (data.NoRisk.Count == 0)
        {
            html.Append("<p class=\"none\">None.</p>\n");
        }
        else
        {
            html.Append("<p>The ledger refused access it now allows. A <b>registration lag</b> (a model, organization, person or provisioning recorded after its validFrom) is the common case; it exposed no one. Repetitions are collapsed: one row per kind of late fact.</p>\n");
            Table(html, "norisk", "Collapsed by kind and by the types of the late facts behind them: from the earliest start to the latest end, and the longest stretch", "kind and late facts", "from", "to", "#for", "#subjects", "who");
            foreach (var kind in new[] { DisagreementKind.RegistrationLag, DisagreementKind.OverRestriction })
            {
                Collapsed(html, data.NoRisk.Where(g => g.Kind == kind).ToList(), kind == DisagreementKind.RegistrationLag ? "registration lag" : "over-restriction (other late facts)");
            }

            html.Append("</table>\n");
        }

        html.Append("</section>\n");
    }

    /// <summary>Rows of collapsed disagreements: the kind and the types of the late facts, the span, the longest stretch, and whom.</summary>
    private static void Collapsed(StringBuilder html, IReadOnlyList<CollapsedGroup> groups, string kind)
    {
        foreach (var g in groups)
        {
            var causes = g.Causes.Take(4).Select(f => Inv($"{E(f.Summary)} ({E(Span(f.Lag))} late)"));
            var more = g.Causes.Count > 4 ? Inv($"<br><span class=\"more\">and {Count(g.Causes.Count - 4, "more fact")} of these types</span>") : "";
            var css = g.Kind == DisagreementKind.Exposure ? " class=\"exposed\"" : "";
            html.Append(Inv($"<tbody class=\"subject\"><tr{css}><th scope=\"row\"><b>{E(kind)}</b>: {string.Join(", ", g.CauseTypes.Select(t => $"<code>{E(t)}</code>"))}<br><span class=\"why\">{string.Join("<br>", causes)}{more}</span></th>"));
            html.Append(Inv($"<td class=\"t\">{E(Stamp(g.Windows.Min(w => w.From)))}</td><td class=\"t\">{E(Stamp(g.Windows.Max(w => w.To)))}</td><td class=\"n\">up to {E(Span(g.Windows.Max(w => w.Duration)))}</td><td class=\"n\">{Count(g.Subjects.Count)}</td><td>{Names(g.Subjects)}</td></tr></tbody>\n"));
        }
    }

    private static void Changes(StringBuilder html, ReportData data)
    {
        html.Append(Inv($"<section id=\"changes\"><h2>What changed ({E(data.AsKnown)})</h2>\n"));
        if (data.Changes.Count == 0)
        {
            html.Append("<p class=\"none\">No answer changed in the range.</p></section>\n");
            return;
        }

        Table(html, "changes", "Subjects whose answer changed the same way at the same instant for the same facts, together; outcome flips marked with a bar on the left", "at", "before", "after", "#subjects", "who", "caused by");
        html.Append("<tbody>\n");
        foreach (var c in data.Changes.Take(ReportData.MaxChangeRows))
        {
            html.Append(Inv($"<tr{(c.Flipped ? " class=\"flip\"" : "")}><td class=\"t\">{E(Stamp(c.At))}</td><td>{Answer(c.Before)}</td><td>{Answer(c.After)}</td><td class=\"n\">{Count(c.Subjects.Count)}</td><td>{Names(c.Subjects)}</td><td>{Facts(c.Causes)}</td></tr>\n"));
        }

        html.Append("</tbody></table>\n");
        More(html, data.Changes.Count - ReportData.MaxChangeRows, "group of changes", "narrow with --org, --person or a shorter range");
        html.Append("</section>\n");
    }

    private static void Events(StringBuilder html, ReportData data)
    {
        html.Append("<section id=\"events\"><h2>Events in the range, on both clocks</h2>\n");
        if (data.Events.Count == 0)
        {
            html.Append("<p class=\"none\">No event took effect in the range.</p>\n");
        }
        else
        {
            Table(html, "events", "The facts about the model and the shown subjects that took effect in the range, by valid time; numbered as on the chart; an instrument with a source cites it in what it says, and the public record's date is its third clock", "##", "valid from", "public record", "recorded at", "lag", "event", "what it says");
            html.Append("<tbody>\n");
            foreach (var (fact, index) in data.Events.Take(ReportData.MaxEventRows).Select((f, i) => (f, i)))
            {
                var (css, lag) = data.RiskLate.Contains(fact.Event.Position) ? (" class=\"latefact\"", "<b>LATE</b>, caused an exposure: ")
                    : data.LagLate.Contains(fact.Event.Position) ? (" class=\"lagfact\"", "late, no risk: ") : ("", "");
                var until = fact.ValidTo is { } end ? Inv($" to {E(Stamp(end))}") : "";
                html.Append(Inv($"<tr{css}><td class=\"n\">{index + 1}</td><td class=\"t\">{E(Stamp(fact.Event.ValidFrom))}{until}</td><td class=\"t\">{Noticed(fact)}</td><td class=\"t\">{E(Stamp(fact.Event.RecordedAt))}</td><td>{lag}{E(Span(fact.Lag))}</td><td><code>{E(fact.Event.Type)}</code><br><small>{E(fact.Event.Stream)} v{fact.Event.Version}, position {fact.Event.Position}</small></td><td>{E(fact.Summary)}</td></tr>\n"));
            }

            html.Append("</tbody></table>\n");
            More(html, data.Events.Count - ReportData.MaxEventRows, "event", "narrow with --org, --person or a shorter range");
        }

        if (data.EventsNotShown > 0)
        {
            Note(html, $"{Count(data.EventsNotShown, "more event")} in the range concern only subjects on other pages and are not listed.");
        }

        html.Append("</section>\n");
    }

    private static void More(StringBuilder html, int left, string noun, string how)
    {
        if (left > 0)
        {
            Note(html, $"{Count(left, $"more {noun}")} not shown; {how}.");
        }
    }

    private static void Note(StringBuilder html, string text) => html.Append(Inv($"<p class=\"note\">{E(text)}</p>\n"));

    /// <summary>Opens a table with its caption (HTML) and its column headers (text; a leading # aligns a column of numbers right).</summary>
    private static void Table(StringBuilder html, string css, string caption, params string[] columns)
    {
        html.Append(Inv($"<table class=\"{css}\"><caption>{caption}</caption>\n<thead><tr>"));
        foreach (var column in columns)
        {
            html.Append(column.StartsWith('#') && column.Length > 1
                ? Inv($"<th scope=\"col\" class=\"n\">{E(column[1..])}</th>")
                : Inv($"<th scope=\"col\">{E(column)}</th>"));
        }

        html.Append("</tr></thead>\n");
    }

    /// <summary>An answer as tags that carry the word as well as the colour.</summary>
    private static string Answer(Decision d) => d.Allowed
        ? Tag("allowed", "allowed")
        : "<span class=\"sr\">denied: </span>" + string.Concat(d.Reasons.Select(r => Tag(r.Code, r.Code)));

    private static string Tag(string code, string text) => Inv($"<span class=\"tag\" style=\"background:{ReportStyle.Of(code).Colour}\">{E(text)}</span>");

    /// <summary>Why an answer: each failing gate's sentence; for an allowed one, the facts that allow it beyond registration and enrolment.</summary>
    private static string Why(Decision d)
    {
        if (!d.Allowed)
        {
            return string.Join("<br>", d.Reasons.Select(r => E(r.Message)));
        }

        var basis = d.Basis.Where(e => e.Type is not ("model_registered" or "organization_registered" or "person_enrolled")).ToList();
        return basis.Count == 0 ? "registered, enrolled, and no gate fails" : "by " + string.Join("; ", basis.Select(e => Inv($"{E(e.Type)} {E(e.Stream)} v{e.Version}")));
    }

    private static string Facts(IEnumerable<AuditFact> facts) =>
        string.Join("<br>", facts.Select(f => Inv($"<code>{E(f.Event.Type)}</code> {E(f.Event.Stream)} v{f.Event.Version}: valid {E(Stamp(f.Event.ValidFrom))}, recorded {E(Stamp(f.Event.RecordedAt))}{(f.RecordedLate ? Inv($" ({E(Span(f.Lag))} late)") : "")}{(f.Source is null ? "" : "; " + Cited(f))}")));

    /// <summary>An instrument's source as an auditor cites it: the citation, then <see cref="Noticed"/>; empty for a fact with no source.</summary>
    private static string Cited(AuditFact fact) => fact.Source is { } source ? Inv($"<cite>{E(source.Citation)}</cite>, {Noticed(fact)}") : "";

    /// <summary>When the public record had the fact (published, else received) and in what kind of document; empty without a source.</summary>
    private static string Noticed(AuditFact fact)
    {
        if (fact.Source is not { } source)
        {
            return "";
        }

        var kind = E(Wire.LedgerJson.Name(source.Kind).Replace('_', ' '));
        return source.PublishedAt is { } published ? Inv($"published {E(Stamp(published))} ({kind})")
            : source.ReceivedAt is { } received ? Inv($"received {E(Stamp(received))} ({kind})")
            : kind;
    }

    /// <summary>What the notice basis means, said once in the header; nothing on the recorded basis.</summary>
    private static string Basis(ReportData data) => data.Options.Knowledge == KnowledgeBasis.Notice && data.KnownAt is not null
        ? " (on notice: the events the public record had published by K, among everything recorded now)"
        : "";

    /// <summary>Up to a dozen labels, then how many more and, for many, how they spread over organizations.</summary>
    private static string Names(IReadOnlyList<AuditSubject> subjects)
    {
        var names = string.Join(", ", subjects.Take(ReportData.MaxNames).Select(s => E(s.Label)));
        if (subjects.Count <= ReportData.MaxNames)
        {
            return names;
        }

        var byOrg = subjects.GroupBy(s => s.OrgId, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        var spread = string.Join(", ", byOrg.Take(8).Select(g => Inv($"{E(g.Key)} {Count(g.Count())}")));
        return Inv($"{names} <span class=\"more\">and {Count(subjects.Count - ReportData.MaxNames)} more; by organization: {spread}{(byOrg.Count > 8 ? Inv($", and {Count(byOrg.Count - 8, "more organization")}") : "")}</span>");
    }
}

using System.Text;
using AccessLedger.Decisions;

namespace AccessLedger.Audit;

/// <summary>
/// How the report encodes an answer: a colour, a pattern (so a greyscale print still tells the gates apart) and a
/// word, for "allowed" and each failing gate; and the stylesheet, for the screen and for A4.
/// </summary>
internal static class ReportStyle
{
    /// <summary>One answer's look: the colour, the pattern drawn over it (null: plain), a label and a short label for bars, and what it means.</summary>
    public sealed record Look(string Code, string Colour, string? Pattern, string Label, string Short, string Meaning);

    /// <summary>The looks, in the order of the gates; "allowed" first.</summary>
    public static IReadOnlyList<Look> Looks { get; } =
    [
        new("allowed", "#2e9d5b", null, "allowed", "allowed", "no gate fails"),
        new(ReasonCodes.UnknownModel, "#8d8d8d", """<path d="M0 0L6 6M6 0L0 6" stroke="#fff" stroke-width="1.4" opacity=".85"/>""", "unknown model", "no model", "the model is not registered at that time"),
        new(ReasonCodes.UnknownSubject, "#b0b0b0", """<path d="M0 6L6 0" stroke="#555" stroke-width="1.2" opacity=".6"/>""", "unknown subject", "no subject", "the person is not enrolled, or the organization not registered, at that time"),
        new(ReasonCodes.LegalBan, "#c62828", """<path d="M-1 1L1 -1M0 6L6 0M5 7L7 5" stroke="#fff" stroke-width="1.6" opacity=".6"/>""", "legal ban", "ban", "a ban in force covers the subject and no exception relieves it"),
        new(ReasonCodes.ProviderSuspended, "#f08c00", """<path d="M0 1.5H6M0 4.5H6" stroke="#3e2400" stroke-width="1.5" opacity=".8"/>""", "provider suspended", "susp.", "the provider suspended the model for the subject"),
        new(ReasonCodes.NotProvisioned, "#6a4fb3", """<circle cx="3" cy="3" r="1.6" fill="#fff" opacity=".9"/>""", "not provisioned", "not prov.", "the model is restricted and the subject's organization is not provisioned for it"),
    ];

    private static readonly Dictionary<string, Look> ByCode = Looks.ToDictionary(l => l.Code, StringComparer.Ordinal);

    /// <summary>The look of an answer code (allowed or a gate).</summary>
    public static Look Of(string code) => ByCode.GetValueOrDefault(code) ?? new(code, "#000", null, code, code, code);

    /// <summary>The fill for a code in the SVG: its pattern, or its plain colour.</summary>
    public static string Fill(string code) => Of(code) is { Pattern: null } plain ? plain.Colour : $"url(#al-{code})";

    /// <summary>The codes of an answer: <c>allowed</c>, or each failing gate in order.</summary>
    public static IReadOnlyList<string> Codes(Decision d) => d.Allowed ? ["allowed"] : d.Reasons.Select(r => r.Code).ToList();

    /// <summary>One hidden SVG holding the patterns every picture of the page uses (and the hatching of late facts).</summary>
    public static void Definitions(StringBuilder html)
    {
        html.Append("<svg class=\"defs\" width=\"0\" height=\"0\" aria-hidden=\"true\" focusable=\"false\"><defs>");
        foreach (var look in Looks.Where(l => l.Pattern is not null))
        {
            html.Append($"<pattern id=\"al-{look.Code}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" fill=\"{look.Colour}\"/>{look.Pattern}</pattern>");
        }

        html.Append("<pattern id=\"al-late\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fde2e2\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#d32f2f\" stroke-width=\"2\"/></pattern>");
        html.Append("</defs></svg>\n");
    }

    /// <summary>A small swatch of a code's fill, for the legend.</summary>
    public static string Swatch(string code) =>
        $"<svg class=\"swatch\" viewBox=\"0 0 30 14\" aria-hidden=\"true\"><rect width=\"30\" height=\"14\" fill=\"{Fill(code)}\"/></svg>";

    public const string Css = """
        *{-webkit-print-color-adjust:exact;print-color-adjust:exact;box-sizing:border-box}
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1f2a30;margin:20px 24px}
        h1{font-size:24px;margin:0 0 6px}h2{font-size:19px;margin:30px 0 8px;border-bottom:1px solid #cfd8dc;padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}
        .meta{color:#455a64;margin:0 0 8px;max-width:1100px}code{font-family:"DejaVu Sans Mono",monospace;font-size:12.5px}
        nav.toc{margin:6px 0 4px;color:#455a64}nav.toc a{color:#1d5a8c;margin-right:10px}
        .note{background:#fff8e1;border:1px solid #ffe082;padding:6px 10px;margin:8px 0;max-width:1100px}
        .summary li{margin:3px 0}.none{color:#455a64}
        .legend{display:flex;flex-wrap:wrap;gap:6px 18px;margin:8px 0 6px;font-size:13px}.legend span{display:inline-flex;align-items:center;gap:6px}
        svg.swatch{width:30px;height:14px;flex:none}.legend i{display:inline-block;width:30px;height:12px;flex:none}
        .legend i.late{background:repeating-linear-gradient(45deg,#fde2e2 0 3px,#d32f2f 3px 5px)}.legend i.exp{border:2.5px solid #d50000}.legend i.rev{border:1.5px dashed #546e7a}
        svg.defs{position:absolute;width:0;height:0;overflow:hidden}
        figure.chunk{margin:8px 0 14px;max-width:1700px}figure.chunk svg{display:block;width:100%;height:auto}
        figure.chunk figcaption{font-size:12px;color:#546e7a}
        svg text{font-family:system-ui,"DejaVu Sans",sans-serif}
        svg .org{font-weight:700;font-size:13px;fill:#263238}svg .person{font-size:12px;fill:#263238}svg .cls{font-size:11.5px;fill:#546e7a;font-style:italic}
        svg .num{font-size:9.5px;font-weight:700}svg .tick{font-size:10px;fill:#37474f}svg .foot{font-size:10.5px;fill:#607d8b}
        svg .bar{font-size:9.5px;font-weight:700;fill:#1f2a30;paint-order:stroke;stroke:#fff;stroke-width:2.6px;stroke-linejoin:round}
        table{border-collapse:collapse;margin:4px 0 10px;font-size:13px;width:100%}
        caption{caption-side:top;text-align:left;font-weight:600;color:#37474f;padding:2px 0 6px}
        th,td{border:1px solid #dfe5e8;padding:3px 7px;text-align:left;vertical-align:top;overflow-wrap:break-word}
        thead th{background:#eceff1}tbody th{font-weight:600;background:#f7f9fa}td.n,th.n{text-align:right;white-space:nowrap}
        td.t{white-space:nowrap}tfoot td,tfoot th{font-weight:700;background:#f3f6f8}
        tbody.subject{border-top:2px solid #b0bec5}tr.exposed td,td.risk{background:#ffebee}td.risk{font-weight:600}tr.flip td:first-child{border-left:4px solid #263238}
        tr.latefact td{background:#fff4f4}tr.lagfact td{background:#f3f6f8}
        .tag{display:inline-block;color:#fff;border-radius:3px;padding:0 5px;margin:1px 3px 1px 0;font-size:12px;white-space:nowrap}
        .sr{font-size:12px;color:#455a64}.why{font-size:12px;color:#455a64}.more{color:#607d8b;font-style:italic}
        @page{size:A4 landscape;margin:11mm 10mm}
        @media print{
          body{margin:0;font-size:10.5pt}nav.toc{display:none}
          h2{break-after:avoid}h3{break-after:avoid}caption{break-after:avoid}#chart{break-before:page}.legend{break-inside:avoid}
          figure.chunk{break-inside:avoid;max-width:none}thead{display:table-header-group}tr,tbody.subject{break-inside:avoid}
          a{color:inherit;text-decoration:none}table{font-size:9pt}
        }
        """;
}

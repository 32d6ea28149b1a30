using System.Text;
using AccessLedger.Decisions;
using static AccessLedger.Audit.ReportText;

namespace AccessLedger.Audit;

/// <summary>
/// How the report encodes an answer: a colour, a pattern (so a greyscale print still tells the gates apart) and a
/// word, for "allowed" and each failing gate; and the stylesheet, for the screen and for A4.
/// </summary>
internal static class ReportStyle
{
    /// <summary>How a pattern is drawn over a code's colour.</summary>
    public enum Texture
    {
        /// <summary>Plain colour.</summary>
        None,

        /// <summary>Diagonal stripes, rising.</summary>
        Rising,

        /// <summary>Diagonal stripes, falling.</summary>
        Falling,

        /// <summary>Both diagonals.</summary>
        Cross,

        /// <summary>Two lines along the bar.</summary>
        Lines,

        /// <summary>Rows of dots.</summary>
        Dots,
    }

    /// <summary>One answer's look: the colour, the texture drawn over it (and its ink), a label and a short label for bars, and what it means.</summary>
    public sealed record Look(string Code, string Colour, Texture Texture, string Ink, string Label, string Short, string Meaning);

    /// <summary>The looks, in the order of the gates; "allowed" first.</summary>
    public static IReadOnlyList<Look> Looks { get; } =
    [
        new("allowed", "#2e9d5b", Texture.None, "", "allowed", "allowed", "no gate fails"),
        new(ReasonCodes.UnknownModel, "#8d8d8d", Texture.Cross, "#fff", "unknown model", "no model", "the model is not registered at that time"),
        new(ReasonCodes.UnknownSubject, "#b0b0b0", Texture.Falling, "#555", "unknown subject", "no subject", "the person is not enrolled, or the organization not registered, at that time"),
        new(ReasonCodes.LegalBan, "#c62828", Texture.Rising, "#fff", "legal ban", "ban", "a ban in force covers the subject and no exception relieves it"),
        new(ReasonCodes.ProviderSuspended, "#f08c00", Texture.Lines, "#3e2400", "provider suspended", "susp.", "the provider suspended the model for the subject"),
        new(ReasonCodes.NotProvisioned, "#6a4fb3", Texture.Dots, "#fff", "not provisioned", "not prov.", "the model is restricted and the subject's organization is not provisioned for it"),
    ];

    private static readonly Dictionary<string, Look> ByCode = Looks.ToDictionary(l => l.Code, StringComparer.Ordinal);

    /// <summary>The look of an answer code (allowed or a gate).</summary>
    public static Look Of(string code) => ByCode.GetValueOrDefault(code) ?? new(code, "#000", Texture.None, "", code, code, code);

    /// <summary>The codes of an answer: <c>allowed</c>, or each failing gate in order.</summary>
    public static IReadOnlyList<string> Codes(Decision d) => d.Allowed ? ["allowed"] : d.Reasons.Select(r => r.Code).ToList();

    /// <summary>
    /// Paints a code's colour over a box and, when <paramref name="textured"/>, its texture as a few vector lines
    /// (dashed, skewed for diagonals): an SVG pattern would print as one bitmap per bar, megabytes for one chart.
    /// </summary>
    public static void Paint(StringBuilder html, string code, double x, double y, double width, double height, bool textured, string? title = null)
    {
        var look = Of(code);
        var tip = title is null ? "" : $"<title>{title}</title>";
        html.Append(Inv($"<rect x=\"{x:F1}\" y=\"{y:F2}\" width=\"{Math.Max(0.5, width):F1}\" height=\"{height:F2}\" fill=\"{look.Colour}\">{tip}</rect>"));
        if (!textured || look.Texture == Texture.None || width < height)
        {
            return;
        }

        var middle = y + (height / 2);
        void Line(double at, string stroke) =>
            html.Append(Inv($"<line x1=\"{x:F1}\" y1=\"{at:F2}\" x2=\"{x + width:F1}\" y2=\"{at:F2}\" stroke=\"{look.Ink}\" {stroke} pointer-events=\"none\"/>"));

        // A dashed line as tall as the box, skewed about its middle: diagonal stripes, shortened by half the height at
        // each end so that none leaves the box.
        void Diagonal(int sense) => html.Append(Inv(
            $"<line x1=\"{x + (height / 2):F1}\" y1=\"{middle:F2}\" x2=\"{x + width - (height / 2):F1}\" y2=\"{middle:F2}\" stroke=\"{look.Ink}\" stroke-width=\"{height:F2}\" stroke-dasharray=\"1.6 4.4\" opacity=\".6\" transform=\"translate(0 {middle:F2}) skewX({sense * 45}) translate(0 {-middle:F2})\" pointer-events=\"none\"/>"));

        switch (look.Texture)
        {
            case Texture.Rising:
                Diagonal(-1);
                break;
            case Texture.Falling:
                Diagonal(1);
                break;
            case Texture.Cross:
                Diagonal(-1);
                Diagonal(1);
                break;
            case Texture.Lines:
                Line(y + (height / 3), "stroke-width=\"1.5\" opacity=\".8\"");
                Line(y + (2 * height / 3), "stroke-width=\"1.5\" opacity=\".8\"");
                break;
            case Texture.Dots:
                Line(y + (height / 3), "stroke-width=\"2.8\" stroke-linecap=\"round\" stroke-dasharray=\"0 6\" opacity=\".9\"");
                Line(y + (2 * height / 3), "stroke-width=\"2.8\" stroke-linecap=\"round\" stroke-dasharray=\"0 6\" stroke-dashoffset=\"3\" opacity=\".9\"");
                break;
        }
    }

    /// <summary>A small swatch of a code's colour and texture, for the legend.</summary>
    public static string Swatch(string code)
    {
        var html = new StringBuilder("<svg class=\"swatch\" viewBox=\"0 0 30 14\" aria-hidden=\"true\">");
        Paint(html, code, 0, 0, 30, 14, textured: true);
        return html.Append("</svg>").ToString();
    }

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
        .legend i.late{background:#f6c6c6;border-left:1.5px dashed #c62828;border-right:1.5px dashed #c62828}.legend i.exp{border:2.5px solid #d50000}.legend i.rev{border:1.5px dashed #546e7a}
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
          .legend{font-size:8pt;gap:1px 12px;margin:3px 0}svg.swatch{width:22px;height:10px}.legend i{width:22px;height:9px}
        }
        """;
}

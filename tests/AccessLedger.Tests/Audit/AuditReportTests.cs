using System.Text.RegularExpressions;
using AccessLedger.Audit;
using AccessLedger.Rules;
using AccessLedger.Tests.Infrastructure;
using Shouldly;

namespace AccessLedger.Tests.Audit;

/// <summary>
/// The HTML audit report of the June episode: self-contained, answers in words first, exposures apart from
/// registration lags, as known at K, filtered and paged; it fits 1400 px in Chromium and prints on A4 with the whole
/// range on the chart.
/// </summary>
public sealed partial class AuditReportTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset June10 = At("2026-06-10T00:00:00Z"), July10 = At("2026-07-10T00:00:00Z");

    private readonly string _directory = Directory.CreateTempSubdirectory("accessledger-report-").FullName;

    public async Task InitializeAsync()
    {
        if (await fixture.Ledger.GetHeadAsync() is { Position: 0 })
        {
            await fixture.Ledger.RecordBatchAsync(Infrastructure.Scenario.Commands());
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    private async Task<string> WriteReportAsync(AuditReportOptions? options = null, DateTimeOffset? from = null, string name = "report.html")
    {
        var path = Path.Combine(_directory, name);
        await fixture.Ledger.WriteReportAsync("mythos-5", from ?? June10, July10, path, options);
        return path;
    }

    private async Task<string> ReportAsync(AuditReportOptions? options = null, DateTimeOffset? from = null) =>
        await File.ReadAllTextAsync(await WriteReportAsync(options, from));

    [Fact]
    public async Task the_report_is_one_self_contained_file()
    {
        var html = await ReportAsync();

        // Nothing to fetch: no address at all, no scripts, stylesheets, images or fonts from elsewhere.
        html.ShouldStartWith("<!DOCTYPE html>");
        html.ShouldNotContain("http", Case.Insensitive);
        html.ShouldNotContain("<script", Case.Insensitive);
        html.ShouldNotContain("<link", Case.Insensitive);
        html.ShouldNotContain("src=", Case.Insensitive);
        html.ShouldContain("<svg");
    }

    [Fact]
    public async Task who_could_access_and_the_access_intervals_come_before_the_chart_and_the_exposures()
    {
        var html = await ReportAsync();

        var order = new[] { "id=\"summary\"", "id=\"who\"", "id=\"intervals\"", "id=\"chart\"", "id=\"exposures\"", "id=\"changes\"", "id=\"events\"" }
            .Select(id => html.IndexOf(id, StringComparison.Ordinal)).ToList();
        order.ShouldAllBe(i => i > 0);
        order.ShouldBeInOrder();

        // Who: kenji was denied at the start (not provisioned) and at the end (the ban: he moved to GB on 6 July).
        Section(html, "who").ShouldContain("<th scope=\"row\">kenji (prov)</th><td><span class=\"sr\">denied: </span>" + Tag("not_provisioned") + "</td><td><span class=\"sr\">denied: </span>" + Tag("legal_ban") + "</td>");
        // Intervals, in text: lena and gridco's foreign persons share one history; denied by the ban from 21:21 to 22:30.
        var intervals = Section(html, "intervals");
        intervals.ShouldContain("<th scope=\"rowgroup\" rowspan=\"5\">gridco: foreign persons<br>lena (gridco)</th>");
        intervals.ShouldContain("<td class=\"t\">2026-06-12T21:21:00Z</td><td class=\"t\">2026-06-12T22:30:00Z</td><td class=\"n\">1h09m</td><td><span class=\"sr\">denied: </span>" + Tag("legal_ban") + "</td>");
        intervals.ShouldContain("directive d1 (us-doc-bis, 15 CFR 744.22, 50 USC 4817(b)(1)) bars foreign persons from mythos-5");
        // kenji's last interval runs to the end of the range.
        intervals.ShouldContain("<td class=\"t\">2026-07-06T00:00:00Z</td><td class=\"t\">2026-07-10T00:00:00Z</td><td class=\"n\">4d 00h00m</td>");
    }

    [Fact]
    public async Task every_table_has_a_caption_and_headers_with_their_scope()
    {
        var html = await ReportAsync();

        var tables = Regex.Count(html, "<table[^>]*>");
        tables.ShouldBeGreaterThanOrEqualTo(6);
        Regex.Count(html, "<table[^>]*><caption>").ShouldBe(tables);
        var headers = Regex.Matches(html, "<th[ >][^>]*>?").Select(m => m.Value).ToList();
        headers.ShouldNotBeEmpty();
        headers.ShouldAllBe(h => h.Contains("scope=\"col\"") || h.Contains("scope=\"row\"") || h.Contains("scope=\"rowgroup\""));
    }

    [Fact]
    public async Task exposures_are_grouped_by_the_late_facts_that_caused_them_with_everyone_they_exposed()
    {
        var exposures = Section(await ReportAsync(), "exposures");

        // The ban (16h39m late) and the suspension (5m late) together: 21:21 to 22:35, 74 minutes, for the foreign persons of gridco and acme.
        exposures.ShouldContain("<code>ban_issued</code> directive-d1 v1: valid 2026-06-12T21:21:00Z, recorded 2026-06-13T14:00:00Z (16h39m late)");
        exposures.ShouldContain("<td class=\"t\">2026-06-12T21:21:00Z</td><td class=\"t\">2026-06-12T22:35:00Z</td><td class=\"n\">1h14m</td><td class=\"n\">3</td><td>acme: foreign persons, gridco: foreign persons, lena (gridco)</td>");
        // The suspension alone: everyone else provisioned, 22:30 to 22:35.
        exposures.ShouldContain("<td class=\"t\">2026-06-12T22:30:00Z</td><td class=\"t\">2026-06-12T22:35:00Z</td><td class=\"n\">5m</td><td class=\"n\">4</td><td>acme: US persons, priya (acme), gridco: US persons, sam (gridco)</td>");
        // acme deprovisioned at 09:00, recorded 09:01; kenji moved to GB at midnight, recorded at 08:00.
        exposures.ShouldContain("<td class=\"n\">1m</td><td class=\"n\">2</td><td>acme: US persons, priya (acme)</td>");
        exposures.ShouldContain("<td class=\"n\">8h00m</td><td class=\"n\">1</td><td>kenji (prov)</td>");
        Regex.Count(exposures, "<tr class=\"exposed\">").ShouldBe(4);
    }

    [Fact]
    public async Task a_registration_lag_is_no_exposure_and_is_listed_apart()
    {
        // From 1 June: the model, its organizations and people were registered on 9 June at midnight but recorded at noon.
        var html = await ReportAsync(from: At("2026-06-01T00:00:00Z"));

        var exposures = Section(html, "exposures");
        var (risks, noRisk) = (exposures[..exposures.IndexOf("Not a risk", StringComparison.Ordinal)], exposures[exposures.IndexOf("Not a risk", StringComparison.Ordinal)..]);
        Regex.Count(risks, "<tr class=\"exposed\">").ShouldBe(4);
        risks.ShouldNotContain("2026-06-09");
        // The classes waited for the model, their organization and its provisioning; the people for their enrolment too.
        noRisk.ShouldContain("<th scope=\"row\"><b>registration lag</b>: <code>model_registered</code>, <code>organization_registered</code>, <code>partner_provisioned</code><br>");
        noRisk.ShouldContain("<th scope=\"row\"><b>registration lag</b>: <code>model_registered</code>, <code>organization_registered</code>, <code>partner_provisioned</code>, <code>person_enrolled</code><br>");
        // From midnight until acme's provisioning was recorded at 12:03:01, collapsed: one row for the classes, one for the people.
        noRisk.ShouldContain("<td class=\"t\">2026-06-09T00:00:00Z</td><td class=\"t\">2026-06-09T12:03:01Z</td><td class=\"n\">up to 12h03m</td><td class=\"n\">4</td><td>acme: US persons, acme: foreign persons, gridco: US persons, gridco: foreign persons</td>");
        noRisk.ShouldContain("<td class=\"t\">2026-06-09T00:00:00Z</td><td class=\"t\">2026-06-09T12:03:01Z</td><td class=\"n\">up to 12h03m</td><td class=\"n\">3</td><td>priya (acme), lena (gridco), sam (gridco)</td>");
        Section(html, "summary").ShouldContain("Not a risk: 7 subjects denied at the time though allowed as now known, because registrations, enrolments or provisionings were recorded after they took effect (registration lag)");
    }

    [Fact]
    public async Task as_known_at_K_the_report_leaves_out_what_was_recorded_later()
    {
        // On 13 June at noon the ledger knew the suspension (recorded 12 June 22:35) but not the ban (13 June 14:00).
        var html = await ReportAsync(new AuditReportOptions { KnownAt = At("2026-06-13T12:00:00Z") });

        html.ShouldContain("as known at 2026-06-13T12:00:00Z");
        html.ShouldNotContain("ban_issued");
        html.ShouldNotContain(Tag("legal_ban"));
        var exposures = Section(html, "exposures");
        exposures.ShouldContain("<td class=\"t\">2026-06-12T22:30:00Z</td><td class=\"t\">2026-06-12T22:35:00Z</td><td class=\"n\">5m</td><td class=\"n\">7</td>");
        // Nor what was recorded after K: kenji's move and the lift of the suspension.
        exposures.ShouldNotContain("kenji");
        Section(html, "who").ShouldContain("<th scope=\"row\">lena (gridco)</th><td>" + Tag("allowed") + "</td><td><span class=\"sr\">denied: </span>" + Tag("provider_suspended") + "</td>");
    }

    [Fact]
    public async Task a_model_never_registered_as_known_at_K_is_refused_and_no_file_is_written()
    {
        var path = Path.Combine(_directory, "refused.html");

        var unknown = await Should.ThrowAsync<LedgerRuleException>(() => fixture.Ledger.WriteReportAsync("mythos-6", June10, July10, path));
        var notYet = await Should.ThrowAsync<LedgerRuleException>(() => fixture.Ledger.WriteReportAsync(
            "mythos-5", June10, July10, path, new AuditReportOptions { KnownAt = At("2026-06-09T12:00:00Z") }));

        unknown.Code.ShouldBe(ErrorCodes.UnknownModel);
        unknown.Message.ShouldBe("model mythos-6 was never registered in this ledger as known now, so there is no access to report; check the model id (accessledger events lists what was recorded).");
        // Registered with validFrom 9 June, recorded at 12:00:01.
        notYet.Code.ShouldBe(ErrorCodes.UnknownModel);
        notYet.Message.ShouldContain("as known at 2026-06-09T12:00:00Z");
        File.Exists(path).ShouldBeFalse();
    }

    [Fact]
    public async Task the_filters_narrow_every_section_to_the_subjects_asked_for()
    {
        var gridco = await ReportAsync(new AuditReportOptions { Organizations = ["gridco"] });
        var gridcoAndKenji = await ReportAsync(new AuditReportOptions { Organizations = ["gridco"], Persons = ["kenji"] });
        // From 1 July only kenji's answer changes (he moved to GB on 6 July).
        var changed = await File.ReadAllTextAsync(await WriteReportAsync(new AuditReportOptions { ChangedOnly = true }, At("2026-07-01T00:00:00Z")));

        gridco.ShouldContain("Subjects: organization gridco (their classes and people): 4 of the 10 subjects the ledger knew.");
        Section(gridco, "who").ShouldNotContain("acme");
        Section(gridco, "exposures").ShouldNotContain("acme");
        Section(gridco, "changes").ShouldNotContain("priya");
        gridcoAndKenji.ShouldContain("5 of the 10 subjects the ledger knew");
        gridcoAndKenji.ShouldContain("<b>5 subjects</b> in scope: 3 persons and the US-person and foreign-person classes of 1 organization.");
        (await ReportAsync(new AuditReportOptions { Persons = ["kenji"] })).ShouldContain("<b>1 subject</b> in scope: 1 person and no organization class.");
        Section(gridcoAndKenji, "who").ShouldContain("kenji (prov)");
        changed.ShouldContain("only those whose access changed: 1 of the 10 subjects the ledger knew");
        Section(changed, "who").ShouldContain("<th scope=\"row\">kenji (prov)</th>");
        Section(changed, "who").ShouldNotContain("lena");

        var unknownOrg = await Should.ThrowAsync<LedgerRuleException>(() => ReportAsync(new AuditReportOptions { Organizations = ["gridko"] }));
        var unknownPerson = await Should.ThrowAsync<LedgerRuleException>(() => ReportAsync(new AuditReportOptions { Persons = ["lina"] }));
        unknownOrg.Code.ShouldBe(ErrorCodes.UnknownOrganization);
        unknownPerson.Code.ShouldBe(ErrorCodes.UnknownPerson);
    }

    [Fact]
    public async Task a_page_shows_its_subjects_and_says_how_many_more_there_are()
    {
        var second = await ReportAsync(new AuditReportOptions { PageSize = 4, Page = 2 });

        second.ShouldContain("Showing subjects 5–8 of 10 (page 2 of 3). 6 more subjects not shown in the chart and the per-subject tables; narrow with --org, --person or --changed-only, or turn the page with --page 3.");
        // Rows 5 to 8: gridco's foreign persons, lena, sam, prov's US persons.
        var rows = Regex.Matches(Section(second, "who"), "<tr><th scope=\"row\">([^<]+)</th><td>").Select(m => m.Groups[1].Value).ToList();
        rows.ShouldBe(["gridco: foreign persons", "lena (gridco)", "sam (gridco)", "prov: US persons"]);
        // The counts still cover all ten.
        Section(second, "who").ShouldContain("<th scope=\"row\">all 3 organizations</th><td class=\"n\">10</td>");

        var past = await Should.ThrowAsync<LedgerRuleException>(() => ReportAsync(new AuditReportOptions { PageSize = 4, Page = 4 }));
        past.Code.ShouldBe(ErrorCodes.InvalidField);
        past.Message.ShouldBe("page 4 is past the last page: the 10 subjects in scope make 3 pages of 4.");
    }

    [Fact]
    public async Task the_bars_carry_a_word_and_a_pattern_as_well_as_a_colour()
    {
        var chart = Section(await ReportAsync(), "chart");

        // A texture over each gate's colour, so a greyscale print still tells them apart: rising stripes for a ban
        // (a dashed line skewed by 45°), two lines for a suspension, rows of dots for not provisioned. Vector lines,
        // no SVG pattern: Chromium prints a pattern as one bitmap per bar.
        chart.ShouldNotContain("<pattern");
        chart.ShouldMatch("fill=\"#c62828\"><title>[^<]*</title></rect><line [^>]*stroke-dasharray=\"1.6 4.4\"[^>]*skewX\\(-45\\)");
        chart.ShouldMatch("fill=\"#f08c00\"><title>[^<]*</title></rect><line [^>]*stroke=\"#3e2400\" stroke-width=\"1.5\"");
        chart.ShouldMatch("fill=\"#6a4fb3\"><title>[^<]*</title></rect><line [^>]*stroke-linecap=\"round\" stroke-dasharray=\"0 6\"");
        chart.ShouldContain("class=\"bar\">allowed</text>");
        chart.ShouldContain("class=\"bar\">legal ban + provider suspended</text>");
        // The legend says what each pattern means.
        chart.ShouldContain("<b>legal ban</b>: a ban in force covers the subject and no exception relieves it");
    }

    [Fact]
    public async Task the_report_fits_1400_pixels_in_chromium_with_its_bars_in_their_colours()
    {
        var page = await WriteReportAsync();

        var (scrollWidth, scrollHeight, _) = await HeadlessChromium.MeasureAsync(page, _directory, 1400);
        var png = await HeadlessChromium.ScreenshotAsync(page, _directory, 1400, Math.Min(scrollHeight, 8000));
        File.Copy(Path.Combine(_directory, $"screenshot-1400x{Math.Min(scrollHeight, 8000)}.png"), Path.Combine(Path.GetTempPath(), "accessledger-audit-report.png"), overwrite: true);

        scrollWidth.ShouldBeLessThanOrEqualTo(1400, "the page scrolls sideways at 1400 px");
        var (width, _, pixels) = Png.Decode(png);
        width.ShouldBe(1400);
        // The bars: runs of the allowed green, and the legal_ban red, suspension orange and not_provisioned violet
        // under their patterns (ReportStyle.Looks).
        foreach (var colour in new[] { 0x2E9D5B, 0xC62828, 0xF08C00, 0x6A4FB3 })
        {
            pixels.Count(p => p == colour).ShouldBeGreaterThan(2000, $"colour #{colour:x6}");
        }
    }

    [Fact]
    public async Task the_report_prints_on_a4_with_the_whole_range_on_the_chart()
    {
        var pdf = await HeadlessChromium.PrintToPdfAsync(await WriteReportAsync(), _directory);
        var pages = await HeadlessChromium.PdfPagesAsync(pdf, _directory, dpi: 50);

        // Vector all through: an SVG pattern fill prints as a bitmap per bar (6 MB for this chart).
        new FileInfo(pdf).Length.ShouldBeLessThan(1_500_000);

        // A4 landscape at 50 dpi: 297 × 210 mm.
        var decoded = pages.Select(p => Png.Decode(File.ReadAllBytes(p))).ToList();
        decoded.ShouldAllBe(d => Math.Abs(d.Width - 585) <= 1 && Math.Abs(d.Height - 413) <= 1);
        // The chart's page: gridco's bars are allowed up to the end of the range, 10 July. The green runs to the
        // right end of the printable width (10 mm margins: 565 of 585 px), not beyond it and not cut short.
        var rightmostGreen = decoded.Select(d => RightmostRun(d, 0x2E9D5B, 8)).Max();
        rightmostGreen.ShouldBeInRange(540, 566);
    }

    /// <summary>The largest x at which a horizontal run of at least <paramref name="run"/> pixels of the colour ends, or -1.</summary>
    private static int RightmostRun((int Width, int Height, int[] Pixels) page, int colour, int run)
    {
        var rightmost = -1;
        for (var y = 0; y < page.Height; y++)
        {
            var length = 0;
            for (var x = 0; x < page.Width; x++)
            {
                length = page.Pixels[(y * page.Width) + x] == colour ? length + 1 : 0;
                if (length >= run)
                {
                    rightmost = Math.Max(rightmost, x);
                }
            }
        }

        return rightmost;
    }

    private static string Section(string html, string id)
    {
        var start = html.IndexOf($"<section id=\"{id}\">", StringComparison.Ordinal);
        start.ShouldBeGreaterThan(0, $"no section {id}");
        return html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
    }

    private static string Tag(string code) => $"<span class=\"tag\" style=\"background:{ReportStyle.Of(code).Colour}\">{code}</span>";

    private static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);
}

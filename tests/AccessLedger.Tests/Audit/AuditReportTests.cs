using AccessLedger.Tests.Infrastructure;
using Shouldly;

namespace AccessLedger.Tests.Audit;

/// <summary>The HTML audit report of the episode: self-contained, and it renders to a picture in headless Chromium.</summary>
public sealed class AuditReportTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>, IAsyncLifetime
{
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

    private async Task<string> WriteReportAsync()
    {
        var path = Path.Combine(_directory, "report.html");
        await fixture.Ledger.WriteReportAsync("mythos-5", At("2026-06-10T00:00:00Z"), At("2026-07-10T00:00:00Z"), path);
        return path;
    }

    [Fact]
    public async Task the_report_is_one_self_contained_file_with_the_answers()
    {
        var html = await File.ReadAllTextAsync(await WriteReportAsync());

        // Nothing to fetch: no scripts, stylesheets, images or fonts from elsewhere (the SVG namespace is only a name).
        html.Replace("xmlns=\"http://www.w3.org/2000/svg\"", "", StringComparison.Ordinal).ShouldNotContain("http");
        html.ShouldNotContain("<script", Case.Insensitive);
        html.ShouldNotContain("<link", Case.Insensitive);
        html.ShouldNotContain("src=", Case.Insensitive);
        html.ShouldContain("<svg");

        // The exposure windows: lena believed allowed from 21:21 until the suspension was recorded at 22:35.
        html.ShouldContain("Exposure windows");
        html.ShouldContain("lena (gridco)</td><td>2026-06-12T21:21:00Z</td><td>2026-06-12T22:30:00Z</td><td>1h09m</td>");
        html.ShouldContain("lena (gridco)</td><td>2026-06-12T22:30:00Z</td><td>2026-06-12T22:35:00Z</td><td>5m</td>");

        // The ban is marked late: valid 21:21 on 12 June, recorded 14:00 on 13 June.
        html.ShouldContain("<td>2026-06-12T21:21:00Z</td><td>2026-06-13T14:00:00Z</td><td><b>LATE</b> 16h39m</td>");
    }

    [Fact]
    public async Task the_report_renders_in_headless_chromium_with_its_bars_in_their_colours()
    {
        var png = await HeadlessChromium.ScreenshotAsync(await WriteReportAsync(), _directory);
        File.Copy(Path.Combine(_directory, "screenshot.png"), Path.Combine(Path.GetTempPath(), "accessledger-audit-report.png"), overwrite: true);

        var (width, height, pixels) = Png.Decode(png);

        (width, height).ShouldBe((1600, 1200));
        // A blank page is one colour; the report draws bars, markers and text in many.
        pixels.Distinct().Count().ShouldBeGreaterThan(50);
        pixels.Count(p => p != 0xFFFFFF).ShouldBeGreaterThan(width * height / 10);
        // The bars themselves: solid runs of the allowed green, the legal_ban red, the suspension orange and the
        // not_provisioned violet (the colours of AuditReport.Colours).
        foreach (var colour in new[] { 0x2E9D5B, 0xC62828, 0xF08C00, 0x6A4FB3 })
        {
            pixels.Count(p => p == colour).ShouldBeGreaterThan(500, $"colour #{colour:x6}");
        }
    }

    private static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);
}

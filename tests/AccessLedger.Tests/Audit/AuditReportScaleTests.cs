using System.Diagnostics;
using AccessLedger.Audit;
using AccessLedger.Events;
using AccessLedger.Tests.Infrastructure;
using AccessLedger.Wire;
using Shouldly;
using Xunit.Abstractions;

namespace AccessLedger.Tests.Audit;

/// <summary>
/// A ledger of 20,000 subjects: 200 organizations (400 classes) and 19,600 people, with a registration lag, a ban
/// recorded 21.5 hours late, an exception for some organizations and 500 offboardings recorded two days late. Written
/// once per test class through the library's batch writes with stated recordedAt.
/// </summary>
public sealed class LargeLedgerFixture : IAsyncLifetime
{
    public const int Organizations = 200, PersonsPerOrganization = 98, Offboardings = 500;

    public static readonly DateTimeOffset From = At("2026-03-01T00:00:00Z"), To = At("2026-06-01T00:00:00Z");

    public Ledger Ledger { get; private set; } = null!;

    public TimeSpan WriteTime { get; private set; }

    public async Task InitializeAsync()
    {
        Ledger = Ledger.Create(await TestDatabase.ConnectionStringAsync(), TestDatabase.UniqueSchema("large"), TestDatabase.Clock());
        await Ledger.EnsureSchemaAsync();
        var clock = Stopwatch.StartNew();
        foreach (var batch in Commands().Chunk(5_000))
        {
            await Ledger.RecordBatchAsync(batch);
        }

        WriteTime = clock.Elapsed;
    }

    public async Task DisposeAsync() => await Ledger.DisposeAsync();

    /// <summary>The ledger's events in order of recording; every one states its recordedAt.</summary>
    public static IReadOnlyList<LedgerCommand> Commands()
    {
        var commands = new List<LedgerCommand>();
        void Add(ILedgerEvent e, DateTimeOffset recordedAt) => commands.Add(new LedgerCommand(e, RecordedAt: recordedAt));

        for (var o = 0; o < Organizations; o++)
        {
            // Every tenth organization is German and no US person: the foreign-persons ban covers all its staff.
            var german = o % 10 == 9;
            Add(new OrganizationRegistered(Org(o), $"Organization {o}", german ? "DE" : "US", !german, At("2026-01-01T00:00:00Z")), At("2026-01-02T00:00:00Z").AddSeconds(o));
        }

        for (var i = 0; i < Organizations * PersonsPerOrganization; i++)
        {
            var foreign = Foreign(i);
            Add(new PersonEnrolled(Person(i), Org(i / PersonsPerOrganization), [foreign ? "FR" : "US"], foreign ? UsPersonStatus.None : UsPersonStatus.Citizen, "US", At("2026-01-15T00:00:00Z")),
                At("2026-02-01T00:00:00Z").AddSeconds(i));
        }

        // The model took effect at midnight and was recorded at 08:00, its provisionings at 09:00: a registration lag.
        Add(new ModelRegistered("atlas-9", "prov", "Atlas 9", ModelAvailability.Restricted, From), From.AddHours(8));
        for (var o = 0; o < 150; o++)
        {
            Add(new PartnerProvisioned(Org(o), "atlas-9", From), From.AddHours(9).AddSeconds(o));
        }

        Add(new BanIssued("d1", "us-doc-bis", "is-informed-letter", ["atlas-9"], new BanScope(BanScopeKind.ForeignPersons), ["15 CFR 744.22"], At("2026-04-10T12:00:00Z")), At("2026-04-11T09:30:00Z"));
        Add(new ExceptionGranted("e1", ["d1"], ["atlas-9"], [new OrganizationEmployees([.. Enumerable.Range(0, 50).Select(Org)])], [], true, At("2026-04-20T00:00:00Z")), At("2026-04-20T00:00:00Z"));
        var offboarded = At("2026-05-01T00:00:00Z");
        var offboardings = Enumerable.Range(0, Offboardings).Select(k => new LedgerCommand(new PersonOffboarded(Person(k * 39), offboarded.AddHours(k)), RecordedAt: offboarded.AddHours(k).AddDays(2)));
        return [.. commands, .. offboardings];
    }

    /// <summary>
    /// How many subjects the late ban exposed, by the rules of the contract: until it was recorded, every subject of a
    /// provisioned organization it covers (its foreign-persons class, every foreign person, and all staff of an
    /// organization that is no US person) was allowed; the exception came later.
    /// </summary>
    public static int ExposedByTheBan()
    {
        var exposed = 0;
        for (var o = 0; o < 150; o++)
        {
            var german = o % 10 == 9;
            exposed += german ? 2 : 1;
            exposed += Enumerable.Range(o * PersonsPerOrganization, PersonsPerOrganization).Count(i => german || Foreign(i));
        }

        return exposed;
    }

    /// <summary>How many of the offboarded persons were allowed when they left (provisioned, and the ban not covering them or relieved by the exception).</summary>
    public static int ExposedByOffboarding() => Enumerable.Range(0, Offboardings).Select(k => k * 39).Count(i =>
    {
        var o = i / PersonsPerOrganization;
        return o < 150 && (o < 50 || !(Foreign(i) || o % 10 == 9));
    });

    private static bool Foreign(int person) => person % 5 == 0;

    public static string Org(int o) => $"org-{o:000}";

    public static string Person(int i) => $"p-{i:00000}";

    private static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The report of a 20,000-subject ledger: a usable file of bounded size that Chromium opens and screenshots.</summary>
public sealed class AuditReportScaleTests(LargeLedgerFixture fixture, ITestOutputHelper output) : IClassFixture<LargeLedgerFixture>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("accessledger-large-report-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<(string Path, string Html)> WriteAsync(AuditReportOptions? options = null)
    {
        var path = Path.Combine(_directory, "report.html");
        var clock = Stopwatch.StartNew();
        await fixture.Ledger.WriteReportAsync("atlas-9", LargeLedgerFixture.From, LargeLedgerFixture.To, path, options);
        output.WriteLine($"ledger written in {fixture.WriteTime.TotalSeconds:F1} s; report in {clock.Elapsed.TotalSeconds:F1} s, {new FileInfo(path).Length:N0} bytes");
        return (path, await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task the_report_of_20000_subjects_stays_small_opens_in_chromium_and_says_what_it_leaves_out()
    {
        var (path, html) = await WriteAsync();
        File.Copy(path, Path.Combine(Path.GetTempPath(), "accessledger-audit-report-20000.html"), overwrite: true);

        new FileInfo(path).Length.ShouldBeLessThan(2_000_000);
        html.ShouldContain("<b>20,000 subjects</b> in scope: 19,600 persons and the US-person and foreign-person classes of 200 organizations.");
        html.ShouldContain("Showing subjects 1–100 of 20,000 (page 1 of 200). 19,900 more subjects not shown in the chart and the per-subject tables; narrow with --org, --person or --changed-only, or turn the page with --page 2.");
        // The late ban exposed everyone it covers in the provisioned organizations at once: one row.
        html.ShouldContain($"<td class=\"t\">2026-04-10T12:00:00Z</td><td class=\"t\">2026-04-11T09:30:00Z</td><td class=\"n\">21h30m</td><td class=\"n\">{LargeLedgerFixture.ExposedByTheBan().ToString("N0", System.Globalization.CultureInfo.InvariantCulture)}</td>");
        // Offboardings recorded two days late: each exposed the person who left, if allowed then; one collapsed row.
        html.ShouldContain("<th scope=\"row\"><b>persons exposed by their own late facts</b>: <code>person_offboarded</code><br>");
        html.ShouldContain($"<td class=\"n\">up to 2d 00h00m</td><td class=\"n\">{LargeLedgerFixture.ExposedByOffboarding().ToString("N0", System.Globalization.CultureInfo.InvariantCulture)}</td>");
        // The registration lag of 1 March (model recorded at 08:00, provisionings at 09:00): one collapsed row, not one per subject.
        html.ShouldContain("<th scope=\"row\"><b>registration lag</b>: <code>model_registered</code>, <code>partner_provisioned</code><br>");
        html.ShouldContain("<td class=\"t\">2026-03-01T00:00:00Z</td><td class=\"t\">2026-03-01T09:02:29Z</td><td class=\"n\">up to 9h02m</td><td class=\"n\">15,000</td>");

        var (scrollWidth, scrollHeight, _) = await HeadlessChromium.MeasureAsync(path, _directory, 1400);
        output.WriteLine($"at 1400 px: {scrollWidth} × {scrollHeight} px");
        scrollWidth.ShouldBeLessThanOrEqualTo(1400);
        var png = await HeadlessChromium.ScreenshotAsync(path, _directory, 1400, 1600);
        var (width, _, pixels) = Png.Decode(png);
        width.ShouldBe(1400);
        pixels.Count(p => p != 0xFFFFFF).ShouldBeGreaterThan(pixels.Length / 20);
    }

    [Fact]
    public async Task narrowed_to_one_organization_the_report_shows_every_subject_of_it()
    {
        var (_, html) = await WriteAsync(new AuditReportOptions { Organizations = [LargeLedgerFixture.Org(7)] });

        html.ShouldContain("Subjects: organization org-007 (their classes and people): 100 of the 20,000 subjects the ledger knew.");
        html.ShouldNotContain("Showing subjects");
        html.ShouldContain($"<th scope=\"row\">{LargeLedgerFixture.Person(7 * LargeLedgerFixture.PersonsPerOrganization)} (org-007)</th>");
        html.ShouldNotContain("org-008");
    }
}

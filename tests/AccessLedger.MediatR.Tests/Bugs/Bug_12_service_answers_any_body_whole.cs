using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AccessLedger.ComplianceService;
using AccessLedger.MediatR.Tests.Infrastructure;
using AccessLedger.Tests.Infrastructure;
using Shouldly;

namespace AccessLedger.MediatR.Tests.Bugs;

/// <summary>The service with the scenario and 130 more organizations, a 64 KiB body limit and no practical rate limit.</summary>
public sealed class SmallBodyLimitService : IAsyncLifetime
{
    /// <summary>The body limit of this service.</summary>
    public const int Limit = 64 * 1024;

    /// <summary>The service.</summary>
    public ServiceHost Host { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Host = await ServiceHost.StartAsync(TestDatabase.Clock(), new Dictionary<string, string?>
        {
            ["ComplianceService:MaxRequestBodyBytes"] = Limit.ToString(CultureInfo.InvariantCulture),
        });
        await Host.ImportScenarioAsync();
        using var admin = Host.As("admin", Roles.AdministrationWriter);
        var organizations = string.Join('\n', Enumerable.Range(0, 130).Select(i => Bug_12_service_answers_any_body_whole.Org($"paged-{i}")));
        (await admin.PostAsync("/events", Http.Ndjson(organizations))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    /// <inheritdoc />
    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// Issue 12, finding 8 over HTTP: a 40 MB body answered 500, not 413; invalid UTF-8 was silently replaced by U+FFFD;
/// a body PostgreSQL cannot store answered 500; <c>GET /events</c> returned 26 MB in one response.
/// </summary>
public sealed class Bug_12_service_answers_any_body_whole(SmallBodyLimitService service) : IClassFixture<SmallBodyLimitService>
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task a_body_over_the_limit_is_answered_413_and_nothing_is_written(bool statesItsLength)
    {
        var before = await HeadAsync();
        using var admin = service.Host.As("admin", Roles.AdministrationWriter);
        var body = Padded(Org("too-large-org"), SmallBodyLimitService.Limit + 1);

        var problem = await Http.ProblemOf(await admin.PostAsync("/events", Content(body, statesItsLength)), HttpStatusCode.RequestEntityTooLarge);

        problem.GetProperty("code").GetString().ShouldBe("request_too_large");
        problem.GetProperty("detail").GetString()!.ShouldContain(SmallBodyLimitService.Limit.ToString(CultureInfo.InvariantCulture));
        (await HeadAsync()).ShouldBe(before);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task a_body_of_exactly_the_limit_is_recorded(bool statesItsLength)
    {
        using var admin = service.Host.As("admin", Roles.AdministrationWriter);
        var id = statesItsLength ? "limit-org-a" : "limit-org-b";

        var answer = await Http.JsonOf(await admin.PostAsync("/events", Content(Padded(Org(id), SmallBodyLimitService.Limit), statesItsLength)), HttpStatusCode.OK);

        answer.GetProperty("recorded").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task a_40_MB_body_is_answered_413_under_the_default_limit()
    {
        await using var host = await ServiceHost.StartAsync(TestDatabase.Clock());
        using var admin = host.As("admin", Roles.AdministrationWriter);
        var line = Encoding.UTF8.GetBytes(Org("bulk-org") + "\n");
        var body = new byte[40_000_000];
        for (var i = 0; i + line.Length <= body.Length; i += line.Length)
        {
            line.CopyTo(body, i);
        }

        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(EventEndpoints.Ndjson);
        var problem = await Http.ProblemOf(await admin.PostAsync("/events", content), HttpStatusCode.RequestEntityTooLarge);

        problem.GetProperty("detail").GetString()!.ShouldContain("4194304 bytes");
        (await host.Ledger.GetHeadAsync()).Position.ShouldBe(0);
    }

    [Fact]
    public async Task invalid_utf8_is_answered_400_with_its_line_and_nothing_is_written()
    {
        var before = await HeadAsync();
        using var admin = service.Host.As("admin", Roles.AdministrationWriter);
        var body = Encoding.UTF8.GetBytes($"{Org("utf8-ok")}\n{Org("utf8-bad")}\n").ToList();
        body.Insert(body.LastIndexOf((byte)'O'), 0xFF);
        var content = new ByteArrayContent(body.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue(EventEndpoints.Ndjson);

        var problem = await Http.ProblemOf(await admin.PostAsync("/events", content), HttpStatusCode.BadRequest);

        (problem.GetProperty("code").GetString(), problem.GetProperty("line").GetInt32()).ShouldBe(("malformed", 2));
        (await HeadAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task a_nul_postgresql_cannot_store_is_answered_400_with_its_line_and_the_ledger_still_verifies()
    {
        // A ledger of its own: before the fix this write left rows that break verify for good.
        await using var host = await ServiceHost.StartAsync(TestDatabase.Clock());
        await host.ImportScenarioAsync();
        var before = (await host.Ledger.GetHeadAsync()).Position;
        using var admin = host.As("admin", Roles.AdministrationWriter);
        var body = $"{Org("nul-ok-1")}\n{Org("nul-ok-2")}\n{Org("nul-bad").Replace("\"name\":\"Org\"", "\"name\":\"T\\u00002\"", StringComparison.Ordinal)}\n";

        var problem = await Http.ProblemOf(await admin.PostAsync("/events", Http.Ndjson(body)), HttpStatusCode.BadRequest);

        problem.GetProperty("line").GetInt32().ShouldBe(3);
        (await host.Ledger.GetHeadAsync()).Position.ShouldBe(before);
        (await host.Ledger.VerifyAsync()).Problem.ShouldBeNull();
    }

    [Fact]
    public async Task paging_walks_every_event_exactly_once_in_ledger_order()
    {
        using var reader = service.Host.As("rita", Roles.Reader);
        var head = await HeadAsync();

        var (positions, pages) = await WalkAsync(reader, "/events?limit=7");

        positions.ShouldBe(Enumerable.Range(1, (int)head).Select(p => (long)p));
        pages.ShouldBe((int)Math.Ceiling(head / 7.0));
    }

    [Fact]
    public async Task paging_keeps_the_knownAt_and_stream_filters_across_pages()
    {
        using var reader = service.Host.As("rita", Roles.Reader);
        var knownAt = Http.At("2026-06-13T14:00:00Z");
        var expected = new List<long>();
        await foreach (var e in service.Host.Ledger.ReadEventsAsync(knownAt))
        {
            expected.Add(e.Position);
        }

        (await WalkAsync(reader, $"/events?limit=2&knownAt={Http.Instant(knownAt)}")).Positions.ShouldBe(expected);
        (await WalkAsync(reader, "/events?limit=1&stream=person-lena")).Positions.Count.ShouldBe(1);
    }

    [Fact]
    public async Task a_page_without_a_limit_holds_100_events_and_links_the_next()
    {
        using var reader = service.Host.As("rita", Roles.Reader);

        var page = await Http.JsonOf(await reader.GetAsync("/events"), HttpStatusCode.OK);

        page.GetProperty("events").GetArrayLength().ShouldBe(ServiceOptions.DefaultPageSize);
        page.GetProperty("next").GetString().ShouldBe("/events?after=100&limit=100");
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=1001")]
    [InlineData("limit=-1")]
    [InlineData("limit=ten")]
    [InlineData("after=-1")]
    [InlineData("after=1.5")]
    public async Task a_page_outside_the_bounds_is_refused(string query)
    {
        using var reader = service.Host.As("rita", Roles.Reader);

        (await Http.ProblemOf(await reader.GetAsync($"/events?{query}"), HttpStatusCode.BadRequest)).GetProperty("code").GetString().ShouldBe("invalid_field");
    }

    [Fact]
    public async Task the_largest_page_is_1000_events()
    {
        using var reader = service.Host.As("rita", Roles.Reader);

        var page = await Http.JsonOf(await reader.GetAsync("/events?limit=1000"), HttpStatusCode.OK);

        page.GetProperty("events").GetArrayLength().ShouldBe((int)await HeadAsync());
        page.GetProperty("next").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    internal static string Org(string id) =>
        $$$"""{"type":"organization_registered","data":{"orgId":"{{{id}}}","name":"Org","country":"US","usPerson":true,"validFrom":"2026-06-01T00:00:00Z"}}""";

    private static async Task<(List<long> Positions, int Pages)> WalkAsync(HttpClient reader, string first)
    {
        var positions = new List<long>();
        var pages = 0;
        for (var url = first; url is not null; pages++)
        {
            var page = await Http.JsonOf(await reader.GetAsync(url), HttpStatusCode.OK);
            positions.AddRange(page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("position").GetInt64()));
            url = page.GetProperty("next").GetString();
        }

        return (positions, pages);
    }

    /// <summary>One JSON event followed by spaces up to exactly <paramref name="size"/> bytes.</summary>
    private static byte[] Padded(string json, int size)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        return [.. bytes, .. Enumerable.Repeat((byte)' ', size - bytes.Length)];
    }

    /// <summary>A JSON body with a Content-Length, or streamed (chunked) without one.</summary>
    private static HttpContent Content(byte[] body, bool statesItsLength)
    {
        HttpContent content = statesItsLength ? new ByteArrayContent(body) : new StreamContent(new UnknownLength(body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private async Task<long> HeadAsync() => (await service.Host.Ledger.GetHeadAsync()).Position;

    /// <summary>A stream that cannot say its length, so the body is sent without Content-Length.</summary>
    private sealed class UnknownLength(byte[] body) : MemoryStream(body)
    {
        public override bool CanSeek => false;
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AccessLedger.ComplianceService;
using AccessLedger.Decisions;
using AccessLedger.Events;
using AccessLedger.MediatR.Tests.Infrastructure;
using AccessLedger.Tests.Infrastructure;
using Shouldly;

namespace AccessLedger.MediatR.Tests;

/// <summary>The sample service in process, on real PostgreSQL, with the scenario posted once as NDJSON by an importer.</summary>
public sealed class ComplianceServiceFixture : IAsyncLifetime
{
    private ServiceHost? _host;

    /// <summary>A client with every role.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>The service.</summary>
    public ServiceHost Host => _host!;

    /// <summary>The service's own ledger.</summary>
    public Ledger Ledger => _host!.Ledger;

    /// <summary>The answer to the first POST of the scenario.</summary>
    public JsonElement FirstImport { get; private set; }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _host = await ServiceHost.StartAsync(TestDatabase.Clock());
        Client = _host.As("importer@test", ServiceHost.AllRoles);
        FirstImport = await _host.ImportScenarioAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        Client.Dispose();
        await _host!.DisposeAsync();
    }
}

/// <summary>POST /events, GET /decisions, GET /events, problem details, OpenAPI and health, over HTTP.</summary>
public sealed class ComplianceServiceTests(ComplianceServiceFixture service) : IClassFixture<ComplianceServiceFixture>
{
    public static TheoryData<int> QuestionNumbers() => new(Scenario.Questions().Select(q => q.Q));

    [Fact]
    public void the_scenario_posted_as_ndjson_is_recorded_in_one_batch()
    {
        service.FirstImport.GetProperty("recorded").GetInt32().ShouldBe(Scenario.Commands().Count);
        service.FirstImport.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("position").GetInt64())
            .ShouldBe(Enumerable.Range(1, Scenario.Commands().Count).Select(p => (long)p));
    }

    [Theory]
    [MemberData(nameof(QuestionNumbers))]
    public async Task every_question_of_the_scenario_is_answered_over_http_with_its_decision_and_reasons(int number)
    {
        var q = Scenario.Questions().Single(x => x.Q == number);
        var url = $"/decisions?model={q.Model}&person={q.Person}&at={Instant(q.At)}" + (q.KnownAt is { } k ? $"&knownAt={Instant(k)}" : "");

        var answer = await JsonOf(await service.Client.GetAsync(url), HttpStatusCode.OK);

        answer.GetProperty("decision").GetString().ShouldBe(q.Decision, $"q{q.Q}");
        answer.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()).ShouldBe(q.Reasons, $"q{q.Q}");
        answer.GetProperty("checkpoint").GetProperty("position").GetInt64().ShouldBeGreaterThanOrEqualTo(Scenario.Commands().Count);
        var cited = answer.GetProperty("reasons").EnumerateArray().SelectMany(r => r.GetProperty("events").EnumerateArray())
            .Concat(answer.GetProperty("basis").EnumerateArray()).ToList();
        cited.ShouldNotBeEmpty();
        cited.ShouldAllBe(e => e.EnumerateObject().Select(p => p.Name).SequenceEqual(new[] { "stream", "version", "type", "recordedAt", "validFrom" }));
    }

    [Theory]
    [InlineData("gridco")]
    [InlineData("acme")]
    public async Task an_ad_hoc_subject_is_decided_over_http_as_the_ledger_decides_it(string org)
    {
        var at = DateTimeOffset.Parse("2026-06-30T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var expected = await service.Ledger.DecideAsync("mythos-5", Subject.AdHoc(org, ["DE", "FR"], UsPersonStatus.None, "US"), at);

        var answer = await JsonOf(await service.Client.GetAsync($"/decisions?model=mythos-5&org={org}&citizenship=DE,FR&usPerson=none&location=US&at={Instant(at)}"), HttpStatusCode.OK);

        answer.GetProperty("decision").GetString().ShouldBe(expected.Allowed ? "allowed" : "denied");
        answer.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()).ShouldBe(expected.Reasons.Select(r => r.Code));
    }

    [Fact]
    public async Task posting_the_scenario_again_is_an_idempotent_repeat()
    {
        var before = await EventCountAsync();

        var answer = await JsonOf(await service.Client.PostAsync("/events", Ndjson(Http.ScenarioWithoutActors())), HttpStatusCode.OK);

        (answer.GetProperty("recorded").GetInt32(), answer.GetProperty("repeated").GetInt32()).ShouldBe((0, Scenario.Commands().Count));
        (await EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task one_json_event_is_recorded_and_read_back_from_its_stream()
    {
        var line = """{"type":"organization_registered","commandId":"reg-http-org","data":{"orgId":"http-org","name":"HTTP Org","country":"us","usPerson":true,"validFrom":"2026-06-01T00:00:00Z"}}""";
        using var ops = service.Host.As("ops@example", Roles.Reader, Roles.AdministrationWriter);

        var answer = await JsonOf(await ops.PostAsync("/events", new StringContent(line, Encoding.UTF8, "application/json")), HttpStatusCode.OK);
        var events = await JsonOf(await ops.GetAsync("/events?stream=org-http-org"), HttpStatusCode.OK);

        answer.GetProperty("results")[0].GetProperty("stream").GetString().ShouldBe("org-http-org");
        events.GetProperty("next").ValueKind.ShouldBe(JsonValueKind.Null);
        var stored = events.GetProperty("events").EnumerateArray().Single();
        (stored.GetProperty("type").GetString(), stored.GetProperty("commandId").GetString(), stored.GetProperty("actor").GetString())
            .ShouldBe(("organization_registered", "reg-http-org", "ops@example"));
        stored.GetProperty("data").GetProperty("country").GetString().ShouldBe("US");
    }

    [Fact]
    public async Task the_events_as_known_at_an_instant_leave_out_later_recordings()
    {
        var knownAt = DateTimeOffset.Parse("2026-06-13T14:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

        var events = await JsonOf(await service.Client.GetAsync($"/events?knownAt={Instant(knownAt)}"), HttpStatusCode.OK);

        events.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString())
            .ShouldBe(Scenario.Commands().Where(c => c.RecordedAt <= knownAt).Select(c => EventCatalog.WireNameOf(c.Event)));
    }

    [Fact]
    public async Task a_line_that_is_not_of_the_contract_is_answered_with_problem_details_naming_its_line_and_nothing_is_written()
    {
        var before = await EventCountAsync();
        var body = """
            {"type":"organization_registered","data":{"orgId":"never-written","name":"N","country":"US","usPerson":true,"validFrom":"2026-06-01T00:00:00Z"}}
            # a comment counts as a line
            {"type":"ban_expanded","data":{}}
            """;

        var problem = await ProblemOf(await service.Client.PostAsync("/events", Ndjson(body)), HttpStatusCode.BadRequest);

        (problem.GetProperty("code").GetString(), problem.GetProperty("line").GetInt32()).ShouldBe(("unknown_event_type", 3));
        problem.GetProperty("detail").GetString()!.ShouldContain("ban_expanded");
        (await EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task a_batch_that_breaks_a_rule_is_answered_with_its_code_line_and_index_and_nothing_is_written()
    {
        var before = await EventCountAsync();
        var body = """

            {"type":"organization_registered","data":{"orgId":"never-written-2","name":"N","country":"US","usPerson":true,"validFrom":"2026-06-01T00:00:00Z"}}
            {"type":"ban_lifted","data":{"directiveId":"d404","validFrom":"2026-06-20T00:00:00Z"}}
            """;

        var problem = await ProblemOf(await service.Client.PostAsync("/events", Ndjson(body)), HttpStatusCode.BadRequest);

        (problem.GetProperty("code").GetString(), problem.GetProperty("line").GetInt32(), problem.GetProperty("index").GetInt32(), problem.GetProperty("eventType").GetString())
            .ShouldBe(("unknown_directive", 3, 1, "ban_lifted"));
        (await EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task a_reused_command_id_with_another_payload_is_a_conflict()
    {
        var line = """{"type":"organization_registered","commandId":"reg-fable-5","data":{"orgId":"imposter","name":"I","country":"US","usPerson":true,"validFrom":"2026-06-01T00:00:00Z"}}""";

        var problem = await ProblemOf(await service.Client.PostAsync("/events", new StringContent(line, Encoding.UTF8, "application/json")), HttpStatusCode.Conflict);

        problem.GetProperty("code").GetString().ShouldBe("idempotency_conflict");
    }

    [Theory]
    [InlineData("/decisions?model=mythos-5&person=lena&at=2026-06-12T22:00:00", "invalid_field")]
    [InlineData("/decisions?model=mythos-5&at=2026-06-12T22:00:00Z", "invalid_field")]
    [InlineData("/decisions?model=mythos-5&person=lena&org=acme&at=2026-06-12T22:00:00Z", "invalid_field")]
    [InlineData("/decisions?model=mythos-5&org=acme&citizenship=UK&usPerson=none&location=US&at=2026-06-12T22:00:00Z", "invalid_field")]
    [InlineData("/decisions?model=mythos-5&org=acme&citizenship=DE&usPerson=alien&location=US&at=2026-06-12T22:00:00Z", "invalid_field")]
    [InlineData("/events?knownAt=yesterday", "invalid_field")]
    public async Task a_question_that_is_not_well_formed_is_answered_with_problem_details(string url, string code)
    {
        var problem = await ProblemOf(await service.Client.GetAsync(url), HttpStatusCode.BadRequest);

        problem.GetProperty("code").GetString().ShouldBe(code);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData(null)]
    public async Task a_body_that_is_neither_json_nor_ndjson_is_refused_and_nothing_is_written(string? mediaType)
    {
        var before = await EventCountAsync();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("type=ban_issued"));
        if (mediaType is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        }

        var problem = await ProblemOf(await service.Client.PostAsync("/events", content), HttpStatusCode.UnsupportedMediaType);

        problem.GetProperty("code").GetString().ShouldBe("unsupported_media_type");
        (await EventCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task the_openapi_document_describes_the_endpoints()
    {
        var document = await JsonOf(await service.Client.GetAsync("/openapi/v1.json"), HttpStatusCode.OK);

        document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ShouldBe(["/events", "/decisions"], ignoreOrder: true);
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        (scheme.GetProperty("type").GetString(), scheme.GetProperty("scheme").GetString(), scheme.GetProperty("bearerFormat").GetString()).ShouldBe(("http", "bearer", "JWT"));
        var operations = document.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject()).ToList();
        operations.Count.ShouldBe(3);
        operations.Select(o => o.Value.GetProperty("security")[0].EnumerateObject().Single().Name).ShouldAllBe(name => name == "Bearer");
        var decide = document.GetProperty("paths").GetProperty("/decisions").GetProperty("get");
        decide.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ShouldContain("activity");
        decide.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "knowledge")
            .GetProperty("description").GetString()!.ShouldContain("notice");
    }

    [Fact]
    public async Task health_reads_the_ledger_from_the_database()
    {
        var response = await service.Client.GetAsync("/health");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("Healthy");
    }

    private static StringContent Ndjson(string body) => Http.Ndjson(body);

    private static Task<JsonElement> JsonOf(HttpResponseMessage response, HttpStatusCode expected) => Http.JsonOf(response, expected);

    private static Task<JsonElement> ProblemOf(HttpResponseMessage response, HttpStatusCode expected) => Http.ProblemOf(response, expected);

    private async Task<long> EventCountAsync() => (await service.Ledger.GetHeadAsync()).Position;

    private static string Instant(DateTimeOffset instant) => Http.Instant(instant);
}

using System.Net;
using System.Text;
using System.Text.Json;
using AccessLedger.ComplianceService;
using AccessLedger.MediatR.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace AccessLedger.MediatR.Tests.Bugs;

/// <summary>The service with the scenario imported, on 30 November 2026 (the day of the finding).</summary>
public sealed class ThirtiethOfNovemberService : IAsyncLifetime
{
    /// <summary>The ledger's clock: 30 November, 10:00 UTC.</summary>
    public static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));

    /// <summary>The service.</summary>
    public ServiceHost Host { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Host = await ServiceHost.StartAsync(Clock());
        await Host.ImportScenarioAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// Issue 12, finding 4: POST /events needed no credentials, stored <c>actor</c> as given and accepted a stated
/// <c>recordedAt</c> from anyone, so a <c>ban_lifted</c> posted on 30 November with <c>recordedAt</c> 6 July removed
/// the ban from the answer "as known on 7 July".
/// </summary>
public sealed class Bug_12_service_lets_anyone_write_as_anyone(ThirtiethOfNovemberService service) : IClassFixture<ThirtiethOfNovemberService>
{
    private const string BackdatedLift =
        """{"type":"ban_lifted","recordedAt":"2026-07-06T12:00:00Z","commandId":"d1-lift-backdated","data":{"directiveId":"d1","validFrom":"2026-07-01T00:00:00Z"}}""";

    private const string Organization =
        """{"type":"organization_registered","data":{"orgId":"ORG","name":"Org","country":"US","usPerson":true,"validFrom":"2026-06-01T00:00:00Z"}}""";

    private static readonly string KenjiOnTheSeventhOfJuly =
        $"/decisions?model=mythos-5&person=kenji&at={Http.Instant(Http.At("2026-07-07T00:00:00Z"))}&knownAt={Http.Instant(Http.At("2026-07-07T00:00:00Z"))}";

    public static TheoryData<string, string> Calls() => new()
    {
        { "POST", "/events" },
        { "GET", "/events" },
        { "GET", "/decisions?model=mythos-5&person=lena&at=2026-06-11T00:00:00Z" },
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task a_request_without_credentials_is_refused_with_401_and_nothing_is_written(string method, string url)
    {
        var before = await HeadAsync();
        using var anonymous = service.Host.Anonymous();

        var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = method == "POST" ? Http.Json(Org("anonymous-org")) : null });

        (await Http.ProblemOf(response, HttpStatusCode.Unauthorized)).GetProperty("code").GetString().ShouldBe("unauthorized");
        response.Headers.WwwAuthenticate.Single().Scheme.ShouldBe("Bearer");
        (await HeadAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task a_token_signed_with_another_key_is_refused_with_401()
    {
        var forged = DevelopmentTokens.Create(
            new JwtSettings { SigningKey = Convert.ToBase64String(Encoding.UTF8.GetBytes("a-key-the-service-does-not-know-0123456789")) },
            "mallory", ServiceHost.AllRoles, TimeSpan.FromHours(1), TimeProvider.System);
        using var mallory = service.Host.WithToken(forged);

        var response = await mallory.PostAsync("/events", Http.Json(Org("forged-key-org")));

        (await Http.ProblemOf(response, HttpStatusCode.Unauthorized)).GetProperty("code").GetString().ShouldBe("unauthorized");
    }

    [Fact]
    public async Task an_expired_token_is_refused_with_401()
    {
        var yesterday = new FakeTimeProvider(TimeProvider.System.GetUtcNow().AddDays(-1));
        var expired = DevelopmentTokens.Create(new JwtSettings { SigningKey = ServiceHost.TestSigningKey }, "alice", ServiceHost.AllRoles, TimeSpan.FromHours(1), yesterday);
        using var alice = service.Host.WithToken(expired);

        (await alice.GetAsync("/events")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public async Task a_token_that_names_no_one_is_refused_and_nothing_is_written(string name)
    {
        var before = await HeadAsync();
        using var nobody = service.Host.As(name, ServiceHost.AllRoles);

        (await Http.ProblemOf(await nobody.PostAsync("/events", Http.Json(Org("nobody-org"))), HttpStatusCode.Forbidden)).GetProperty("code").GetString().ShouldBe("forbidden");
        (await nobody.GetAsync("/events")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await HeadAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task a_reader_cannot_write_and_nothing_is_written()
    {
        var before = await HeadAsync();
        using var reader = service.Host.As("rita", Roles.Reader);

        var problem = await Http.ProblemOf(await reader.PostAsync("/events", Http.Json(Org("reader-org"))), HttpStatusCode.Forbidden);

        problem.GetProperty("code").GetString().ShouldBe("forbidden");
        (await HeadAsync()).ShouldBe(before);
    }

    [Theory]
    [InlineData("/events")]
    [InlineData("/decisions?model=mythos-5&person=lena&at=2026-06-11T00:00:00Z")]
    public async Task a_writer_cannot_read(string url)
    {
        using var writer = service.Host.As("wanda", Roles.RegulatoryWriter, Roles.AdministrationWriter);

        (await Http.ProblemOf(await writer.GetAsync(url), HttpStatusCode.Forbidden)).GetProperty("code").GetString().ShouldBe("forbidden");
    }

    [Fact]
    public async Task the_history_import_role_alone_cannot_write()
    {
        using var importer = service.Host.As("ivan", Roles.HistoryImport);

        (await importer.PostAsync("/events", Http.Json(Org("import-only-org")))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData(Roles.AdministrationWriter, """{"type":"ban_issued","data":{"directiveId":"d-admin","regulator":"r","instrument":"i","models":["mythos-5"],"scope":{"kind":"all_users"},"legalBasis":["x"],"validFrom":"2026-07-01T00:00:00Z"}}""", "ban_issued", Roles.RegulatoryWriter)]
    [InlineData(Roles.RegulatoryWriter, """{"type":"person_enrolled","data":{"personId":"p-reg","orgId":"gridco","citizenships":["US"],"usPersonStatus":"citizen","location":"US","validFrom":"2026-07-01T00:00:00Z"}}""", "person_enrolled", Roles.AdministrationWriter)]
    public async Task a_writer_records_only_its_own_family_of_events_and_a_batch_with_another_is_refused_whole(string role, string line, string type, string needed)
    {
        var before = await HeadAsync();
        using var writer = service.Host.As("walt", role);
        var allowed = role == Roles.AdministrationWriter ? Org("family-org") : """{"type":"model_registered","data":{"modelId":"family-model","providerId":"prov","name":"F","availability":"general","validFrom":"2026-07-01T00:00:00Z"}}""";

        var problem = await Http.ProblemOf(await writer.PostAsync("/events", Http.Ndjson($"{allowed}\n{line}\n")), HttpStatusCode.Forbidden);

        (problem.GetProperty("code").GetString(), problem.GetProperty("line").GetInt32(), problem.GetProperty("index").GetInt32(), problem.GetProperty("eventType").GetString())
            .ShouldBe(("event_type_not_allowed", 2, 1, type));
        problem.GetProperty("detail").GetString()!.ShouldContain(needed);
        (await HeadAsync()).ShouldBe(before);
    }

    [Fact]
    public void every_event_type_of_the_contract_is_recorded_by_exactly_one_writer_role()
    {
        Policies.Unassigned.ShouldBeEmpty();
        Events.EventCatalog.WireNames.Select(t => Policies.ToRecord(t)!.Value.Role).Distinct()
            .ShouldBe([Roles.RegulatoryWriter, Roles.AdministrationWriter], ignoreOrder: true);
    }

    [Fact]
    public async Task the_actor_is_the_authenticated_caller_and_recordedAt_the_ledger_clock()
    {
        using var alice = service.Host.As("alice@example", Roles.Reader, Roles.AdministrationWriter);

        await Http.JsonOf(await alice.PostAsync("/events", Http.Json(Org("alice-org"))), HttpStatusCode.OK);

        var stored = await StoredAsync(alice, "org-alice-org");
        (stored.GetProperty("actor").GetString(), Http.At(stored.GetProperty("recordedAt").GetString()!)).ShouldBe(("alice@example", ThirtiethOfNovemberService.Clock().GetUtcNow()));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/x-ndjson")]
    public async Task a_body_naming_another_actor_is_refused_and_nothing_is_written(string mediaType)
    {
        var before = await HeadAsync();
        using var mallory = service.Host.As("mallory", Roles.AdministrationWriter);
        var forged = Org("forged-actor-org").Replace("{\"type\"", "{\"actor\":\"compliance@prov\",\"type\"", StringComparison.Ordinal);
        var body = mediaType == "application/json" ? forged : $"# a batch\n{Org("innocent-org")}\n{forged}\n";

        var problem = await Http.ProblemOf(await mallory.PostAsync("/events", new StringContent(body, Encoding.UTF8, mediaType)), HttpStatusCode.BadRequest);

        problem.GetProperty("code").GetString().ShouldBe("actor_mismatch");
        if (mediaType == "application/x-ndjson")
        {
            (problem.GetProperty("line").GetInt32(), problem.GetProperty("index").GetInt32()).ShouldBe((3, 1));
        }

        (await HeadAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task a_body_naming_the_caller_as_actor_is_recorded()
    {
        using var bob = service.Host.As("bob@example", Roles.Reader, Roles.AdministrationWriter);
        var line = Org("bob-org").Replace("{\"type\"", "{\"actor\":\"bob@example\",\"type\"", StringComparison.Ordinal);

        await Http.JsonOf(await bob.PostAsync("/events", Http.Json(line)), HttpStatusCode.OK);

        (await StoredAsync(bob, "org-bob-org")).GetProperty("actor").GetString().ShouldBe("bob@example");
    }

    [Fact]
    public async Task a_writer_stating_recordedAt_is_refused_and_the_answer_as_known_on_the_7th_of_July_stands()
    {
        var before = await HeadAsync();
        using var writer = service.Host.As("compliance@prov", Roles.Reader, Roles.RegulatoryWriter);
        var answerBefore = await Http.JsonOf(await writer.GetAsync(KenjiOnTheSeventhOfJuly), HttpStatusCode.OK);

        var problem = await Http.ProblemOf(await writer.PostAsync("/events", Http.Json(BackdatedLift)), HttpStatusCode.Forbidden);

        (problem.GetProperty("code").GetString(), problem.GetProperty("eventType").GetString()).ShouldBe(("recorded_at_not_allowed", "ban_lifted"));
        var answer = await Http.JsonOf(await writer.GetAsync(KenjiOnTheSeventhOfJuly), HttpStatusCode.OK);
        (answerBefore.GetProperty("decision").GetString(), answer.GetProperty("decision").GetString()).ShouldBe(("denied", "denied"));
        answer.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()).ShouldBe(["legal_ban"]);
        (await HeadAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task the_history_import_role_may_state_recordedAt()
    {
        await using var host = await ServiceHost.StartAsync(ThirtiethOfNovemberService.Clock());
        await host.ImportScenarioAsync();
        using var importer = host.As("archive@prov", Roles.Reader, Roles.RegulatoryWriter, Roles.HistoryImport);

        await Http.JsonOf(await importer.PostAsync("/events", Http.Json(BackdatedLift)), HttpStatusCode.OK);

        var stored = await StoredAsync(importer, "directive-d1", last: true);
        (stored.GetProperty("type").GetString(), Http.At(stored.GetProperty("recordedAt").GetString()!)).ShouldBe(("ban_lifted", Http.At("2026-07-06T12:00:00Z")));
        (await Http.JsonOf(await importer.GetAsync(KenjiOnTheSeventhOfJuly), HttpStatusCode.OK)).GetProperty("decision").GetString().ShouldBe("allowed");
    }

    private static string Org(string id) => Organization.Replace("ORG", id, StringComparison.Ordinal);

    private async Task<long> HeadAsync() => (await service.Host.Ledger.GetHeadAsync()).Position;

    private static async Task<JsonElement> StoredAsync(HttpClient reader, string stream, bool last = false)
    {
        var events = (await Http.JsonOf(await reader.GetAsync($"/events?stream={stream}"), HttpStatusCode.OK)).GetProperty("events").EnumerateArray().ToList();
        return last ? events[^1] : events.Single();
    }
}

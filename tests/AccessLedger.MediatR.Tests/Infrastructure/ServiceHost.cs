using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AccessLedger.ComplianceService;
using AccessLedger.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace AccessLedger.MediatR.Tests.Infrastructure;

/// <summary>
/// The sample service in process (WebApplicationFactory), on real PostgreSQL in a schema of its own, checking tokens
/// signed with a test key (not the development key of appsettings.Development.json).
/// </summary>
public sealed class ServiceHost : IAsyncDisposable
{
    /// <summary>Every role: reads, writes of both families, and stated recordedAt.</summary>
    public static readonly string[] AllRoles = [Roles.Reader, Roles.RegulatoryWriter, Roles.AdministrationWriter, Roles.HistoryImport];

    /// <summary>The key the service checks tokens with in the tests.</summary>
    public static readonly string TestSigningKey = Convert.ToBase64String(Encoding.UTF8.GetBytes("test-only-key-of-the-service-tests-0123456789"));

    private static readonly JwtSettings TestJwt = new() { SigningKey = TestSigningKey };

    private readonly WebApplicationFactory<Program> _factory;

    private ServiceHost(WebApplicationFactory<Program> factory) => _factory = factory;

    /// <summary>The service's own ledger.</summary>
    public Ledger Ledger => _factory.Services.GetRequiredService<Ledger>();

    /// <summary>Starts the service with <paramref name="clock"/> as the ledger's clock and <paramref name="settings"/> on top of its configuration.</summary>
    public static async Task<ServiceHost> StartAsync(TimeProvider clock, IDictionary<string, string?>? settings = null)
    {
        var connectionString = await TestDatabase.ConnectionStringAsync();
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:AccessLedger", connectionString);
            web.UseSetting("AccessLedger:Schema", TestDatabase.UniqueSchema("service"));
            web.UseSetting("Jwt:SigningKey", TestJwt.SigningKey);
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                web.UseSetting(key, value);
            }

            web.ConfigureServices(services => services.AddSingleton(clock));
        });
        var host = new ServiceHost(factory);
        (await host.Anonymous().GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
        return host;
    }

    /// <summary>A token for <paramref name="name"/> with <paramref name="roles"/>, signed with the test key (real clock: the handler checks expiry against it).</summary>
    public static string Token(string name, params string[] roles) =>
        DevelopmentTokens.Create(TestJwt, name, roles, TimeSpan.FromHours(1), TimeProvider.System);

    /// <summary>Posts the scenario as an import of history (<see cref="Http.ScenarioWithoutActors"/>) with every role; returns the answer.</summary>
    public async Task<JsonElement> ImportScenarioAsync()
    {
        using var importer = As("importer@test", AllRoles);
        return await Http.JsonOf(await importer.PostAsync("/events", Http.Ndjson(Http.ScenarioWithoutActors())), HttpStatusCode.OK);
    }

    /// <summary>A client that sends no credentials.</summary>
    public HttpClient Anonymous() => _factory.CreateClient();

    /// <summary>A client that sends <paramref name="token"/>.</summary>
    public HttpClient WithToken(string token)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A client for <paramref name="name"/> with <paramref name="roles"/>.</summary>
    public HttpClient As(string name, params string[] roles) => WithToken(Token(name, roles));

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}

/// <summary>Requests and answers of the service, read as its callers read them.</summary>
public static class Http
{
    /// <summary>An NDJSON body.</summary>
    public static StringContent Ndjson(string body) => new(body, Encoding.UTF8, new MediaTypeHeaderValue("application/x-ndjson"));

    /// <summary>A JSON body.</summary>
    public static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>
    /// The scenario as an import of history: its recordedAt are kept (the role history-import), its actors left out
    /// (the service takes the actor from the token and refuses another).
    /// </summary>
    public static string ScenarioWithoutActors() =>
        Regex.Replace(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Scenario", "mythos-2026.ndjson")), "\"actor\":\"[^\"]*\",", "");

    /// <summary>The JSON of a response, after checking its status.</summary>
    public static async Task<JsonElement> JsonOf(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, text);
        // Strict: a member written twice (e.g. an extension named like a member of RFC 9457) fails the test.
        return JsonDocument.Parse(text, new JsonDocumentOptions { AllowDuplicateProperties = false }).RootElement.Clone();
    }

    /// <summary>The problem details of a response, after checking its status and media type.</summary>
    public static async Task<JsonElement> ProblemOf(HttpResponseMessage response, HttpStatusCode expected)
    {
        var problem = await JsonOf(response, expected);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        problem.GetProperty("status").GetInt32().ShouldBe((int)expected);
        return problem;
    }

    /// <summary>An instant as a query value.</summary>
    public static string Instant(DateTimeOffset instant) => Uri.EscapeDataString(Wire.LedgerJson.Format(instant));

    /// <summary>An instant from its ISO 8601 text.</summary>
    public static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);
}

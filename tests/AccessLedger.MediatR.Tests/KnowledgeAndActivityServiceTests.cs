using System.Net;
using System.Text.Json;
using AccessLedger.MediatR.Tests.Infrastructure;
using AccessLedger.Tests.Infrastructure;
using Shouldly;

namespace AccessLedger.MediatR.Tests;

/// <summary>The sample service on the late ban of <see cref="LateBan"/>, posted once as an import of history.</summary>
public sealed class LateBanServiceFixture : IAsyncLifetime
{
    private ServiceHost? _host;

    /// <summary>A client with every role.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _host = await ServiceHost.StartAsync(TestDatabase.Clock());
        Client = _host.As("importer@test", ServiceHost.AllRoles);
        await Http.JsonOf(await Client.PostAsync("/events", Http.Ndjson(string.Join('\n', LateBan.Lines))), HttpStatusCode.OK);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        Client.Dispose();
        await _host!.DisposeAsync();
    }
}

/// <summary>
/// <c>GET /decisions</c> with <c>activity</c> and <c>knowledge</c> (LEDGER.md sections 7.3, 7.5), through the MediatR
/// request <see cref="MayUse"/>: d2 was published on 4 August and recorded on 10 August; e2 relieves only use.
/// </summary>
public sealed class KnowledgeAndActivityServiceTests(LateBanServiceFixture service) : IClassFixture<LateBanServiceFixture>
{
    private const string Lena = "/decisions?model=mythos-5-1&person=lena";

    [Fact]
    public async Task on_notice_on_5_august_the_answer_is_the_one_the_public_record_gave()
    {
        var recorded = await AskAsync($"{Lena}&at=2026-08-05T00:00:00Z&knownAt=2026-08-05T00:00:00Z");
        var notice = await AskAsync($"{Lena}&at=2026-08-05T00:00:00Z&knownAt=2026-08-05T00:00:00Z&knowledge=notice");

        (recorded.GetProperty("decision").GetString(), recorded.GetProperty("knowledge").GetString()).ShouldBe(("allowed", "recorded"));
        (notice.GetProperty("decision").GetString(), notice.GetProperty("knowledge").GetString()).ShouldBe(("denied", "notice"));
        notice.GetProperty("reasons")[0].GetProperty("code").GetString().ShouldBe("legal_ban");
    }

    [Fact]
    public async Task an_exception_for_use_does_not_relieve_weights_transfer()
    {
        var use = await AskAsync($"{Lena}&at=2026-08-13T00:00:00Z");
        var weights = await AskAsync($"{Lena}&at=2026-08-13T00:00:00Z&activity=weights_transfer");

        (use.GetProperty("decision").GetString(), use.GetProperty("activity").GetString()).ShouldBe(("allowed", "use"));
        (weights.GetProperty("decision").GetString(), weights.GetProperty("activity").GetString()).ShouldBe(("denied", "weights_transfer"));
    }

    [Theory]
    [InlineData("&knowledge=published", "knowledge 'published' is not one of recorded, notice")]
    [InlineData("&activity=Weights%20Transfer", "activity 'Weights Transfer' is not an identifier")]
    public async Task a_bad_knowledge_or_activity_is_a_problem_with_a_stable_code(string query, string detail)
    {
        var problem = await Http.ProblemOf(await service.Client.GetAsync($"{Lena}&at=2026-08-05T00:00:00Z{query}"), HttpStatusCode.BadRequest);

        problem.GetProperty("code").GetString().ShouldBe("invalid_field");
        problem.GetProperty("detail").GetString()!.ShouldContain(detail);
    }

    private async Task<JsonElement> AskAsync(string url) => await Http.JsonOf(await service.Client.GetAsync(url), HttpStatusCode.OK);
}

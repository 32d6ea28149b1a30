using System.Net;
using AccessLedger.ComplianceService;
using AccessLedger.MediatR.Tests.Infrastructure;
using Shouldly;

namespace AccessLedger.MediatR.Tests.Bugs;

/// <summary>
/// Issue 12, finding 1 through the service: with the ledger's real clock (100 ns ticks), 339 of 379 events posted to
/// the sample service broke <c>verify</c>.
/// </summary>
public sealed class Bug_12_service_clock_stamped_writes_break_verify
{
    [Fact]
    public async Task three_hundred_events_posted_by_four_writers_with_the_real_clock_leave_verify_intact()
    {
        await using var host = await ServiceHost.StartAsync(TimeProvider.System, new Dictionary<string, string?> { ["ComplianceService:RateLimit:PermitLimit"] = "100000" });

        await Task.WhenAll(Enumerable.Range(0, 4).Select(async writer =>
        {
            using var client = host.As($"writer-{writer}", Roles.AdministrationWriter);
            for (var i = 0; i < 75; i++)
            {
                var response = await client.PostAsync("/events", Http.Json(Bug_12_service_answers_any_body_whole.Org($"clock-{writer}-{i}")));
                response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            }
        }));

        var verification = await host.Ledger.VerifyAsync();
        verification.Problem.ShouldBeNull();
        (verification.Intact, verification.EventsChecked).ShouldBe((true, 300));
        var stamps = new List<DateTimeOffset>();
        await foreach (var e in host.Ledger.ReadEventsAsync())
        {
            stamps.Add(e.RecordedAt);
        }

        stamps.ShouldBeInOrder();
        stamps.ShouldContain(t => t.Ticks % TimeSpan.TicksPerSecond != 0, "the real clock stamps sub-second instants");
    }
}

using AccessLedger.Decisions;
using AccessLedger.Events;
using AccessLedger.MediatR.Tests.Infrastructure;
using AccessLedger.Rules;
using AccessLedger.Tests.Infrastructure;
using AccessLedger.Wire;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Shouldly;

namespace AccessLedger.MediatR.Tests;

/// <summary>The MediatR requests, and the notification published after commit: once, never for a rejected write or a repeat.</summary>
public sealed class MediatRTests
{
    [Fact]
    public async Task every_recorded_event_is_published_once_after_its_transaction_committed()
    {
        var (host, heard) = await StartAsync();
        using var _ = host;
        var commands = Scenario.Commands();

        var result = await Mediator(host).Send(new RecordEvents(commands));

        heard.Heard.Select(h => h.Notification.Event.Position).ShouldBe(Enumerable.Range(1, commands.Count).Select(p => (long)p));
        heard.Heard.Select(h => h.Notification.Event.CommandId).ShouldBe(result.Results.Select(r => r.CommandId));
        heard.Heard.ShouldAllBe(h => h.Committed);
    }

    [Fact]
    public async Task an_idempotent_repeat_publishes_nothing()
    {
        var (host, heard) = await StartAsync();
        using var _ = host;
        var first = Scenario.Commands()[0];
        await Mediator(host).Send(new RecordEvent(first));

        var again = await Mediator(host).Send(new RecordEvent(first));
        var batchAgain = await Mediator(host).Send(new RecordEvents(Scenario.Commands().Take(3).ToList()));

        again.Repeated.ShouldBeTrue();
        (batchAgain.Recorded, batchAgain.Repeated).ShouldBe((2, 1));
        heard.Heard.Select(h => h.Notification.Event.Position).ShouldBe([1L, 2L, 3L]);
    }

    [Fact]
    public async Task a_rejected_write_publishes_nothing_and_writes_nothing()
    {
        var (host, heard) = await StartAsync();
        using var _ = host;
        var amendment = NdjsonReader.ParseLine("""{"type":"ban_amended","data":{"directiveId":"d9","addModels":["mythos-5"],"removeModels":[],"validFrom":"2026-06-20T00:00:00Z"}}""", 1).Command!;

        var error = await Should.ThrowAsync<LedgerRuleException>(() => Mediator(host).Send(new RecordEvents([Scenario.Commands()[0], amendment])));

        (error.Code, error.Index).ShouldBe((ErrorCodes.UnknownDirective, 1));
        heard.Heard.ShouldBeEmpty();
        (await host.Services.GetRequiredService<Ledger>().GetHeadAsync()).Position.ShouldBe(0);
    }

    [Fact]
    public async Task decisions_and_the_events_known_at_an_instant_are_answered_through_the_mediator()
    {
        var (host, _) = await StartAsync();
        using var disposeHost = host;
        var commands = Scenario.Commands();
        await Mediator(host).Send(new RecordEvents(commands));
        var knownAt = DateTimeOffset.Parse("2026-06-12T23:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

        var q2 = Scenario.Questions().Single(q => q.Q == 2);
        var decision = await Mediator(host).Send(new MayUse(q2.Model, Subject.Person(q2.Person), q2.At, q2.KnownAt));
        var known = await Mediator(host).CreateStream(new EventsKnownAt(knownAt)).ToListAsync();
        var ofStream = await Mediator(host).CreateStream(new EventsKnownAt(Stream: "directive-d1")).ToListAsync();

        decision.Reasons.Select(r => r.Code).ShouldBe(q2.Reasons);
        known.Select(e => e.Type).ShouldBe(commands.Where(c => c.RecordedAt <= knownAt).Select(c => EventCatalog.WireNameOf(c.Event)));
        ofStream.Select(e => e.Type).ShouldBe(["ban_issued"]);
    }

    private static IMediator Mediator(IHost host) => host.Services.GetRequiredService<IMediator>();

    private static async Task<(IHost Host, Notifications Heard)> StartAsync()
    {
        var connectionString = await TestDatabase.ConnectionStringAsync();
        var heard = new Notifications();
        var host = await Hosts.StartAsync(services =>
        {
            services.AddAccessLedger(connectionString, o => o.Schema = TestDatabase.UniqueSchema("mediatr"));
            services.AddAccessLedgerMediatR();
            services.AddSingleton(heard);
            services.AddMediatR(cfg => cfg.RegisterServicesFromAssemblyContaining<RecordingHandler>());
        });
        return (host, heard);
    }
}

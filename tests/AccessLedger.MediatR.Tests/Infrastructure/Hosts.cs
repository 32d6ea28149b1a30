using AccessLedger.MediatR;
using AccessLedger.Tests.Infrastructure;
using MediatR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AccessLedger.MediatR.Tests.Infrastructure;

/// <summary>Generic hosts like a service's, with the scenario's clock registered as the container's TimeProvider.</summary>
public static class Hosts
{
    /// <summary>A connection string that names no reachable server, for tests that must fail before any I/O.</summary>
    public const string Unreachable = "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none";

    /// <summary>Builds a host from <paramref name="configure"/> and <paramref name="settings"/>, without starting it.</summary>
    public static IHost Build(Action<IServiceCollection> configure, IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Services.AddSingleton<TimeProvider>(TestDatabase.Clock());
        configure(builder.Services);
        return builder.Build();
    }

    /// <summary>Builds and starts a host.</summary>
    public static async Task<IHost> StartAsync(Action<IServiceCollection> configure, IDictionary<string, string?>? settings = null)
    {
        var host = Build(configure, settings);
        await host.StartAsync();
        return host;
    }
}

/// <summary>What <see cref="RecordingHandler"/> heard: each notification, and whether its event was committed by then.</summary>
public sealed class Notifications
{
    private readonly List<(LedgerEventRecorded Notification, bool Committed)> _heard = [];

    /// <summary>Everything heard, in order.</summary>
    public IReadOnlyList<(LedgerEventRecorded Notification, bool Committed)> Heard
    {
        get
        {
            lock (_heard)
            {
                return [.. _heard];
            }
        }
    }

    internal void Add(LedgerEventRecorded notification, bool committed)
    {
        lock (_heard)
        {
            _heard.Add((notification, committed));
        }
    }
}

/// <summary>
/// A host's own notification handler: records each notification and whether its event could already be read on
/// another connection, i.e. whether its transaction had committed.
/// </summary>
public sealed class RecordingHandler(Notifications notifications, Ledger ledger) : INotificationHandler<LedgerEventRecorded>
{
    /// <inheritdoc />
    public async Task Handle(LedgerEventRecorded notification, CancellationToken cancellationToken)
    {
        var committed = false;
        await foreach (var e in ledger.ReadEventsAsync(stream: notification.Event.Stream, cancellationToken: cancellationToken))
        {
            committed |= e.EventId == notification.Event.EventId;
        }

        notifications.Add(notification, committed);
    }
}

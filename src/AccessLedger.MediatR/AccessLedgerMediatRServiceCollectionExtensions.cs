using AccessLedger.DependencyInjection;
using AccessLedger.MediatR;
using AccessLedger.Writes;
using Microsoft.Extensions.DependencyInjection.Extensions;

// In the namespace of IServiceCollection, so AddAccessLedgerMediatR needs no extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the ledger's MediatR requests and notifications.</summary>
public static class AccessLedgerMediatRServiceCollectionExtensions
{
    /// <summary>
    /// Registers the handlers of <see cref="RecordEvent"/>, <see cref="RecordEvents"/>, <see cref="MayUse"/> and
    /// <see cref="EventsKnownAt"/>, and publishes <see cref="LedgerEventRecorded"/> after every committed write. Call
    /// <see cref="AccessLedgerServiceCollectionExtensions.AddAccessLedger(IServiceCollection, Action{AccessLedgerOptions}?)"/>
    /// too; register your own notification handlers with your own <c>AddMediatR</c>.
    /// </summary>
    /// <param name="services">The host's services.</param>
    public static IServiceCollection AddAccessLedgerMediatR(this IServiceCollection services)
    {
        services.AddMediatR(cfg => cfg.RegisterServicesFromAssembly(typeof(RecordEvent).Assembly));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILedgerListener, MediatRLedgerListener>());
        return services;
    }
}

using AccessLedger.Writes;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace AccessLedger.MediatR;

/// <summary>
/// Publishes <see cref="LedgerEventRecorded"/> for each event of a committed write. The ledger calls it only after
/// commit and only with newly written events, which gives the notification its guarantees.
/// </summary>
internal sealed class MediatRLedgerListener(IServiceScopeFactory scopes) : ILedgerListener
{
    public async Task OnRecordedAsync(IReadOnlyList<RecordedEvent> events, CancellationToken cancellationToken)
    {
        // The ledger is a singleton; handlers may be scoped, so each write publishes within a scope of its own.
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var publisher = scope.ServiceProvider.GetRequiredService<IPublisher>();
            foreach (var recorded in events)
            {
                await publisher.Publish(new LedgerEventRecorded(recorded), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}

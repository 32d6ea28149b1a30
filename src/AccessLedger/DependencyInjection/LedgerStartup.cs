using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AccessLedger.DependencyInjection;

/// <summary>
/// At host start: builds the ledger (which checks the store's serializer) and, unless the host migrates otherwise,
/// creates or updates its tables, so a misconfigured ledger fails the start and not the first request.
/// </summary>
internal sealed class LedgerStartup(Ledger ledger, IOptions<AccessLedgerOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.EnsureSchemaOnStart)
        {
            await ledger.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using AccessLedger.Storage;
using Marten;
using Microsoft.Extensions.Options;

namespace AccessLedger.DependencyInjection;

/// <summary>Plugs the ledger into the host's Marten store, after the host's own <c>AddMarten</c> configuration.</summary>
internal sealed class LedgerMartenConfiguration(IOptions<AccessLedgerOptions> options) : IConfigureMarten
{
    public void Configure(IServiceProvider services, StoreOptions storeOptions)
    {
        var ledger = options.Value;
        LedgerSchema.AddTo(storeOptions, ledger.Schema);

        // Leave a compatible serializer alone (it may carry the host's own converters); the Ledger's constructor
        // reports an incompatible one that the host asked us to keep.
        if (ledger.ConfigureSerializer && LedgerSchema.SerializerMismatch(storeOptions.Serializer()) is not null)
        {
            LedgerSchema.UseLedgerSerializer(storeOptions);
        }
    }
}

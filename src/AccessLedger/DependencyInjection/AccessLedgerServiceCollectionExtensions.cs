using AccessLedger;
using AccessLedger.DependencyInjection;
using AccessLedger.Writes;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

// In the namespace of IServiceCollection, as Npgsql does, so AddAccessLedger needs no extra using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the ledger in a host's services.</summary>
public static class AccessLedgerServiceCollectionExtensions
{
    /// <summary>
    /// Embeds the ledger in the host's own Marten store (call <c>AddMarten</c> too, before or after): one store, one
    /// connection pool. The ledger's events, timelines and chain table go to <see cref="AccessLedgerOptions.Schema"/>;
    /// the host's documents stay where the host puts them. Registers <see cref="Ledger"/> as a singleton, with the
    /// <see cref="TimeProvider"/> of the container (or the system clock), every registered
    /// <see cref="ILedgerListener"/>, and the read replica of <see cref="AccessLedgerOptions.ReplicaConnectionString"/>.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets options after the configuration section <c>AccessLedger</c> is bound.</param>
    public static IServiceCollection AddAccessLedger(this IServiceCollection services, Action<AccessLedgerOptions>? configure = null)
    {
        var options = services.AddOptions<AccessLedgerOptions>()
            .Configure<IServiceProvider>((o, provider) => provider.GetService<IConfiguration>()?.GetSection(AccessLedgerOptions.SectionName).Bind(o));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AccessLedgerOptions>, AccessLedgerOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureMarten, LedgerMartenConfiguration>());
        services.TryAddSingleton(provider => new ReplicaDataSource(
            provider.GetRequiredService<IOptions<AccessLedgerOptions>>().Value.ReplicaConnectionString
                ?? throw new InvalidOperationException("no replica is configured.")));
        services.TryAddSingleton(provider =>
        {
            var o = provider.GetRequiredService<IOptions<AccessLedgerOptions>>().Value;
            return new Ledger(provider.GetRequiredService<IDocumentStore>(), new LedgerOptions
            {
                Time = provider.GetService<TimeProvider>() ?? TimeProvider.System,
                Listeners = provider.GetServices<ILedgerListener>(),
                ReadReplica = string.IsNullOrWhiteSpace(o.ReplicaConnectionString) ? null : provider.GetRequiredService<ReplicaDataSource>().DataSource,
                ReplicaWait = o.ReplicaWait,
            })
            {
                CheckpointSigner = o.CheckpointKeyFile is { Length: > 0 } file
                    ? AccessLedger.Chain.Checkpoints.CheckpointSigner.FromFile(file)
                    : string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(AccessLedger.Chain.Checkpoints.CheckpointSigner.DefaultVariable)) ? null
                    : AccessLedger.Chain.Checkpoints.CheckpointSigner.FromEnvironment(),
                RecordDecisions = o.RecordDecisions,
            };
        });
        services.AddHostedService<LedgerStartup>();
        return services;
    }

    /// <summary>
    /// For a host with no Marten store yet: adds one on <paramref name="connectionString"/>, whose schema is the
    /// ledger's, and embeds the ledger in it (<see cref="AddAccessLedger(IServiceCollection, Action{AccessLedgerOptions}?)"/>).
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="connectionString">The PostgreSQL connection string.</param>
    /// <param name="configure">Sets options after the configuration section <c>AccessLedger</c> is bound.</param>
    public static IServiceCollection AddAccessLedger(this IServiceCollection services, string connectionString, Action<AccessLedgerOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        if (services.Any(d => d.ServiceType == typeof(IDocumentStore)))
        {
            throw new InvalidOperationException("the host has a Marten store already; call AddAccessLedger() without a connection string to embed the ledger in it.");
        }

        services.AddMarten(provider =>
        {
            var store = new StoreOptions();
            store.Connection(connectionString);

            // Schema changes happen in one step (EnsureSchemaOnStart, or `accessledger migrate`), never on a request.
            store.AutoCreateSchemaObjects = JasperFx.AutoCreate.None;
            store.DatabaseSchemaName = provider.GetRequiredService<IOptions<AccessLedgerOptions>>().Value.Schema;
            return store;
        }).UseLightweightSessions();
        return services.AddAccessLedger(configure);
    }
}

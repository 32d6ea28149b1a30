using System.Text.Json;
using System.Text.Json.Serialization;
using AccessLedger.Events;
using AccessLedger.Timelines;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Weasel.Core;
using Weasel.Postgresql.Tables;

namespace AccessLedger.Storage;

/// <summary>
/// How the ledger lives in a Marten store: string stream keys, the contract's wire names, headers for the envelope
/// (recordedAt, commandId, actor, position), the timelines as one inline projection, and the chain table.
/// </summary>
public static class LedgerSchema
{
    /// <summary>The default schema (LEDGER.md section 6).</summary>
    public const string DefaultSchema = "accessledger";

    /// <summary>The table that orders the ledger and chains its events' hashes.</summary>
    public const string ChainTable = "al_chain";

    internal const string PositionHeader = "position";
    internal const string RecordedAtHeader = "recordedAt";
    internal const string CommandIdHeader = "commandId";
    internal const string ActorHeader = "actor";

    /// <summary>The JSON settings of stored documents and events (the wire's names and values, without its strictness).</summary>
    public static JsonSerializerOptions StorageJson { get; } = ConfigureStorageJson(new JsonSerializerOptions());

    /// <summary>Applies the ledger's storage JSON settings to Marten's serializer options.</summary>
    public static JsonSerializerOptions ConfigureStorageJson(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;

        // Marten adds an enum converter of its own (PascalCase names); the ledger stores the wire's snake_case.
        foreach (var converter in options.Converters.Where(c => c is JsonStringEnumConverter).ToList())
        {
            options.Converters.Remove(converter);
        }

        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));

        // Instants as the wire writes them, so the stored data is the canonical data the chain hashes.
        options.Converters.Add(new Wire.LedgerJson.UtcTimestampConverter());
        return options;
    }

    /// <summary>Configures <paramref name="options"/> for the ledger, keeping events and documents in <paramref name="schema"/>.</summary>
    public static void Configure(StoreOptions options, string schema)
    {
        options.DatabaseSchemaName = schema;
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, s => ConfigureStorageJson(s));
        options.Events.StreamIdentity = StreamIdentity.AsString;
        options.Events.AppendMode = EventAppendMode.Quick;
        options.Events.MetadataConfig.HeadersEnabled = true;
        foreach (var (wireName, type) in EventCatalog.Types)
        {
            options.Events.MapEventType(type, wireName);
        }

        options.Schema.For<ModelTimeline>().DocumentAlias("model_timeline");
        options.Schema.For<DirectiveTimeline>().DocumentAlias("directive_timeline");
        options.Schema.For<ExceptionTimeline>().DocumentAlias("exception_timeline");
        options.Schema.For<SafeguardTimeline>().DocumentAlias("safeguard_timeline");
        options.Schema.For<SuspensionTimeline>().DocumentAlias("suspension_timeline");
        options.Schema.For<NegotiationTimeline>().DocumentAlias("negotiation_timeline");
        options.Schema.For<OrganizationTimeline>().DocumentAlias("organization_timeline");
        options.Schema.For<PersonTimeline>().DocumentAlias("person_timeline");
        options.Schema.For<CommandRecord>().DocumentAlias("command");
        options.Projections.Add(new TimelineProjection(), ProjectionLifecycle.Inline);

        var chain = new Table(new Weasel.Postgresql.PostgresqlObjectName(schema, ChainTable, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        chain.AddColumn<long>("position").AsPrimaryKey();
        chain.AddColumn<Guid>("event_id").NotNull();
        chain.AddColumn<string>("stream").NotNull();
        chain.AddColumn<long>("version").NotNull();
        chain.AddColumn("recorded_at", "timestamptz").NotNull();
        chain.AddColumn("hash", "bytea").NotNull();
        chain.Indexes.Add(new IndexDefinition("al_chain_event_id") { Columns = ["event_id"], IsUnique = true });
        chain.Indexes.Add(new IndexDefinition("al_chain_recorded_at") { Columns = ["recorded_at"] });
        chain.Indexes.Add(new IndexDefinition("al_chain_stream") { Columns = ["stream", "version"] });
        options.Storage.ExtendedSchemaObjects.Add(chain);
    }

    /// <summary>A document store of the ledger alone, for tools and tests.</summary>
    public static DocumentStore CreateStore(string connectionString, string schema = DefaultSchema) =>
        DocumentStore.For(options =>
        {
            options.Connection(connectionString);
            options.AutoCreateSchemaObjects = JasperFx.AutoCreate.CreateOrUpdate;
            Configure(options, schema);
        });
}

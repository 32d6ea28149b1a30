using System.Text.Json;
using System.Text.Json.Serialization;
using AccessLedger.Events;
using JasperFx.Events;
using Marten;
using Weasel.Core;

namespace AccessLedger.Storage;

/// <summary>
/// How the ledger lives in a Marten store: string stream keys, the contract's wire names, headers for the envelope
/// (recordedAt, commandId, actor, position), the chain table and the fact tables (no documents, no projection).
/// </summary>
public static partial class LedgerSchema
{
    /// <summary>The default schema (LEDGER.md section 6).</summary>
    public const string DefaultSchema = "accessledger";

    /// <summary>The table that orders the ledger and chains its events' hashes.</summary>
    public const string ChainTable = Chain.ChainLinks.Table;

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

    /// <summary>Configures <paramref name="options"/> for a store of the ledger's own: the whole store, events and documents in <paramref name="schema"/>, with the ledger's serializer.</summary>
    public static void Configure(StoreOptions options, string schema)
    {
        options.DatabaseSchemaName = schema;
        UseLedgerSerializer(options);
        AddTo(options, schema);
    }

    /// <summary>
    /// Adds the ledger to a store that may hold other documents: its events, chain and fact tables
    /// go to <paramref name="schema"/>; the store's own schema and serializer are left as they are. The ledger
    /// still sets the store-wide event settings it needs (string stream keys, quick append, headers), and reads
    /// its JSON with <see cref="StorageJson"/>, so the store's serializer must write what that reads
    /// (<see cref="SerializerMismatch"/>).
    /// </summary>
    public static void AddTo(StoreOptions options, string schema)
    {
        CheckSchemaName(schema);
        options.Events.DatabaseSchemaName = schema;
        options.Events.StreamIdentity = StreamIdentity.AsString;
        options.Events.AppendMode = EventAppendMode.Quick;
        options.Events.MetadataConfig.HeadersEnabled = true;
        foreach (var (wireName, type) in EventCatalog.Types)
        {
            options.Events.MapEventType(type, wireName);
        }

        // The ledger keeps no documents: the events, their chain, and the facts as rows (docs/ledger.md, "Storage").
        options.Storage.ExtendedSchemaObjects.Add(Chain.ChainLinks.Definition(schema));
        options.Storage.ExtendedSchemaObjects.Add(Chain.MerkleNodes.Definition(schema));
        options.Storage.ExtendedSchemaObjects.Add(Chain.CheckpointLog.Definition(schema));
        options.Storage.ExtendedSchemaObjects.Add(Chain.DecisionLog.Definition(schema));
        options.Storage.ExtendedSchemaObjects.Add(InstrumentFacts.Definition(schema));
        options.Storage.ExtendedSchemaObjects.Add(SubjectFacts.Definition(schema));

        // After the event tables it guards: Marten applies features added this way last.
        options.Storage.Add(new Chain.ChainGuard(schema, options.Advanced.Migrator));
    }

    /// <summary>Sets the store's serializer to the one the ledger reads: System.Text.Json, camelCase, enums as snake_case strings.</summary>
    public static void UseLedgerSerializer(StoreOptions options) =>
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, s => ConfigureStorageJson(s));

    /// <summary>
    /// Why <paramref name="serializer"/> writes JSON the ledger cannot read back with <see cref="StorageJson"/> (its
    /// SQL and reads expect camelCase names and enum values as strings), or null when the ledger can read it.
    /// </summary>
    public static string? SerializerMismatch(Marten.ISerializer serializer)
    {
        // The stored data must be the wire form itself, not merely readable: the hash chain is computed over it
        // (docs/tamper-evidence.md), so verify recomputes the same bytes from what the store wrote.
        var probe = new PersonEnrolled("probe", "probe-org", ["DE"], UsPersonStatus.PermanentResident, "DE", DateTimeOffset.UnixEpoch);
        var expected = Chain.ChainHasher.SortedJson(Chain.ChainHasher.DataOf(probe));
        var written = serializer.ToJson(probe);
        string stored;
        try
        {
            stored = System.Text.Json.Nodes.JsonNode.Parse(written) is { } node ? Chain.ChainHasher.SortedJson(node) : "";
        }
        catch (JsonException)
        {
            stored = "";
        }

        return stored == expected
            ? null
            : $"the Marten store's serializer writes ledger events as {written}, not in the ledger's wire form {expected} "
              + "(System.Text.Json with camelCase names, snake_case enum values and UTC instants ending in Z, which the hash chain is computed over). "
              + "Call LedgerSchema.UseLedgerSerializer on the store options (or leave AccessLedgerOptions.ConfigureSerializer on), or give the ledger a store of its own.";
    }

    /// <summary>
    /// A document store of the ledger alone, for tools and tests. It never changes the database's schema by itself
    /// (<c>AutoCreate.None</c>): <see cref="Ledger.EnsureSchemaAsync"/> (<c>accessledger migrate</c>) is the one step
    /// that does, so reads and writes run under roles that may not run DDL.
    /// </summary>
    public static DocumentStore CreateStore(string connectionString, string schema = DefaultSchema) =>
        DocumentStore.For(options =>
        {
            options.Connection(connectionString);
            options.AutoCreateSchemaObjects = JasperFx.AutoCreate.None;
            Configure(options, schema);
        });

    /// <summary>Throws when <paramref name="schema"/> is not a plain PostgreSQL name the ledger can use unquoted.</summary>
    internal static string CheckSchemaName(string schema, string what = "schema") =>
        IsPlainName(schema)
            ? schema
            : throw new ArgumentException($"{what} '{schema}' is not a plain PostgreSQL name: a lower-case letter or _, then lower-case letters, digits or _, at most 63 characters.", nameof(schema));

    /// <summary>Whether <paramref name="name"/> is a plain PostgreSQL name the ledger can use unquoted (a schema, a role).</summary>
    internal static bool IsPlainName(string name) => SchemaNamePattern().IsMatch(name);

    [System.Text.RegularExpressions.GeneratedRegex(@"\A[a-z_][a-z0-9_]{0,62}\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex SchemaNamePattern();
}

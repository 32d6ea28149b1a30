using Microsoft.Extensions.Options;

namespace AccessLedger.DependencyInjection;

/// <summary>
/// How <see cref="Microsoft.Extensions.DependencyInjection.AccessLedgerServiceCollectionExtensions.AddAccessLedger(Microsoft.Extensions.DependencyInjection.IServiceCollection, Action{AccessLedgerOptions}?)"/>
/// embeds the ledger. Bound from the configuration section <see cref="SectionName"/>, then from the delegate given
/// to <c>AddAccessLedger</c>; validated when the host starts.
/// </summary>
public sealed class AccessLedgerOptions
{
    /// <summary>The configuration section the options are bound from: <c>AccessLedger</c>.</summary>
    public const string SectionName = "AccessLedger";

    /// <summary>
    /// The PostgreSQL schema of the ledger's events, timelines, commands and chain table. Default
    /// <c>accessledger</c> (the CLI's default too). Lower-case letters, digits and <c>_</c>, starting with a letter
    /// or <c>_</c>, at most 63 characters. The host's own documents stay in the store's schema.
    /// </summary>
    public string Schema { get; set; } = Storage.LedgerSchema.DefaultSchema;

    /// <summary>
    /// Default true: when the store's serializer does not write JSON the way the ledger reads it (System.Text.Json,
    /// camelCase names, enum values in snake_case), the ledger sets that serializer on the store. Marten has one
    /// serializer per store, so this changes how the host's own documents are written too. A serializer that already
    /// writes compatible JSON is left untouched. Set false to keep the host's serializer as it is: an incompatible
    /// one then fails the host at start with what to change.
    /// </summary>
    public bool ConfigureSerializer { get; set; } = true;

    /// <summary>
    /// Default true: when the host starts, create or update the ledger's tables (Marten applies all of the store's
    /// configured changes, the host's documents included). Set false where schema migrations are run otherwise
    /// (e.g. Marten's command line); the ledger's objects are part of the store's configuration either way.
    /// </summary>
    public bool EnsureSchemaOnStart { get; set; } = true;

    /// <summary>
    /// Default null. The connection string of a PostgreSQL streaming replica of the store's database: decisions and
    /// audits are then read there (<see cref="LedgerOptions.ReadReplica"/>); writes stay on the store's database.
    /// </summary>
    public string? ReplicaConnectionString { get; set; }

    /// <summary>
    /// Default 1 second: how long a decision with a minimum position waits for the replica before asking the primary
    /// (<see cref="LedgerOptions.ReplicaWait"/>).
    /// </summary>
    public TimeSpan ReplicaWait { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The file that holds the key signing the ledger's checkpoints (docs/proofs.md, "Keys"). Default null: the key
    /// is read from the environment variable <c>ACCESSLEDGER_CHECKPOINT_KEY</c> when it is set, and otherwise the
    /// ledger signs nothing (<see cref="Ledger.CheckpointSigner"/>). Never kept in the database.
    /// </summary>
    public string? CheckpointKeyFile { get; set; }

    /// <summary>
    /// Default false. When true, every decision the ledger makes is appended to its decision log
    /// (<see cref="Ledger.RecordDecisions"/>), for <see cref="Ledger.RevalidateAsync"/>.
    /// </summary>
    public bool RecordDecisions { get; set; }
}

/// <summary>The replica's data source of a host, disposed with the host's services.</summary>
internal sealed class ReplicaDataSource(string connectionString) : IAsyncDisposable, IDisposable
{
    public Npgsql.NpgsqlDataSource DataSource { get; } = Npgsql.NpgsqlDataSource.Create(connectionString);

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    public void Dispose() => DataSource.Dispose();
}

/// <summary>Checks <see cref="AccessLedgerOptions"/> when the host starts.</summary>
internal sealed class AccessLedgerOptionsValidator : IValidateOptions<AccessLedgerOptions>
{
    public ValidateOptionsResult Validate(string? name, AccessLedgerOptions options) =>
        options.ReplicaWait < TimeSpan.Zero
            ? ValidateOptionsResult.Fail($"{AccessLedgerOptions.SectionName}:{nameof(AccessLedgerOptions.ReplicaWait)} is negative ({options.ReplicaWait}): write how long to wait for the replica, e.g. 00:00:01.")
        : options.Schema is { } schema && Storage.LedgerSchema.IsPlainName(schema)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{AccessLedgerOptions.SectionName}:{nameof(AccessLedgerOptions.Schema)} '{options.Schema}' is not a schema name the ledger can use: "
                + "write lower-case letters, digits and _, starting with a letter or _, at most 63 characters (e.g. accessledger).");
}

using System.CommandLine;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using AccessLedger.Storage;
using Npgsql;

namespace AccessLedger.Cli;

/// <summary>What every command shares: the output writers, the environment, and the options that reach the ledger.</summary>
internal sealed partial class CliContext(TextWriter stdout, TextWriter stderr, IReadOnlyDictionary<string, string?>? environment)
{
    public const string ConnectionVariable = "ACCESSLEDGER_CONNECTION";
    public const string SchemaVariable = "ACCESSLEDGER_SCHEMA";

    public TextWriter Out { get; } = stdout;

    public TextWriter Error { get; } = stderr;

    public Option<string> Connection { get; } = new("--connection")
    {
        Description = $"PostgreSQL connection string, e.g. \"Host=localhost;Username=postgres;Password=...\". Default: ${ConnectionVariable}.",
        HelpName = "STRING",
        Recursive = true,
    };

    public Option<string> Schema { get; } = new("--schema")
    {
        Description = $"The PostgreSQL schema that holds the ledger (one ledger per schema). Default: ${SchemaVariable}, else {LedgerSchema.DefaultSchema}.",
        HelpName = "NAME",
        Recursive = true,
    };

    /// <summary>
    /// Opens the ledger the options and environment name. A missing or unreachable database is a
    /// <see cref="CliException"/> that says what to set; with <paramref name="create"/> false, so is a schema that
    /// holds no ledger, so that a mistyped schema is not mistaken for an empty ledger.
    /// </summary>
    public async Task<Ledger> OpenLedgerAsync(ParseResult parse, bool create, CancellationToken cancellationToken)
    {
        var connectionString = parse.GetValue(Connection) ?? Variable(ConnectionVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new CliException(ExitCodes.Failure, $"no database: set {ConnectionVariable} or pass --connection with a PostgreSQL connection string.");
        }

        var schema = parse.GetValue(Schema) ?? Variable(SchemaVariable) ?? LedgerSchema.DefaultSchema;
        if (!SchemaName().IsMatch(schema))
        {
            throw new CliException(ExitCodes.BadInput, $"schema '{schema}' is not a plain PostgreSQL name (lower-case letters, digits, _); check --schema or {SchemaVariable}.");
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new CliException(ExitCodes.Failure, $"the connection string is not valid ({e.Message}); check --connection or {ConnectionVariable}.");
        }

        if (!await HasLedgerAsync(builder, schema, cancellationToken).ConfigureAwait(false) && !create)
        {
            throw new CliException(ExitCodes.Failure, $"schema '{schema}' holds no ledger: import events first (accessledger import FILE.ndjson), or set --schema or {SchemaVariable} to the ledger's schema.");
        }

        var ledger = Ledger.Create(connectionString, schema);
        try
        {
            await ledger.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
            return ledger;
        }
        catch
        {
            await ledger.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<bool> HasLedgerAsync(NpgsqlConnectionStringBuilder builder, string schema, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand("select to_regclass(@name) is not null", connection);
            command.Parameters.AddWithValue("name", $"{schema}.{LedgerSchema.ChainTable}");
            return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            var why = e.InnerException is { } inner && inner.Message != e.Message ? $"{e.Message}: {inner.Message}" : e.Message;
            throw new CliException(ExitCodes.Failure, $"cannot connect to PostgreSQL at {builder.Host}:{builder.Port} ({why.TrimEnd('.')}); set --connection or {ConnectionVariable} to a server that answers.");
        }
    }

    private string? Variable(string name) =>
        (environment is null ? Environment.GetEnvironmentVariable(name) : environment.GetValueOrDefault(name)) is { Length: > 0 } value ? value : null;

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaName();
}

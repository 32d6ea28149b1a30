using System.CommandLine;
using System.Net.Sockets;
using AccessLedger.Chain.Checkpoints;
using AccessLedger.Storage;
using Npgsql;

namespace AccessLedger.Cli;

/// <summary>What every command shares: the standard streams, the environment, and the options that reach the ledger.</summary>
internal sealed class CliContext(Stream stdin, TextWriter stdout, TextWriter stderr, IReadOnlyDictionary<string, string?>? environment)
{
    public const string ConnectionVariable = "ACCESSLEDGER_CONNECTION";
    public const string SchemaVariable = "ACCESSLEDGER_SCHEMA";

    public CliContext(TextWriter stdout, TextWriter stderr, IReadOnlyDictionary<string, string?>? environment)
        : this(Stream.Null, stdout, stderr, environment)
    {
    }

    /// <summary>Standard input as bytes: <c>import -</c> reads it as strictly as a file.</summary>
    public Stream In { get; } = stdin;

    public TextWriter Out { get; } = stdout;

    public TextWriter Error { get; } = stderr;

    /// <summary>Whether stderr is a terminal a live progress display may redraw (else progress is plain lines).</summary>
    public bool ErrorIsTerminal { get; init; }

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

    public const string CheckpointKeyVariable = CheckpointSigner.DefaultVariable;

    /// <summary>Set to <c>true</c> (or <c>1</c>), every decision a command makes is appended to the ledger's decision log (<see cref="Ledger.RecordDecisions"/>).</summary>
    public const string RecordDecisionsVariable = "ACCESSLEDGER_RECORD_DECISIONS";

    /// <summary><c>--signing-key FILE</c>, on the commands that sign checkpoints.</summary>
    public Option<string> SigningKey { get; } = new("--signing-key")
    {
        Description = $"The file that holds the key signing checkpoints (PRIVATE+KEY+..., made by `accessledger keygen`; docs/proofs.md). Default: ${CheckpointKeyVariable}, the key's text. Without either, only checkpoints issued before are given.",
        HelpName = "FILE",
    };

    /// <summary>The signing key <c>--signing-key</c> or the environment names, or null when neither does; the caller disposes it.</summary>
    public CheckpointSigner? Signer(ParseResult parse)
    {
        try
        {
            return parse.GetValue(SigningKey) is { } file ? CheckpointSigner.FromFile(file)
                : Variable(CheckpointKeyVariable) is { } text ? CheckpointSigner.FromKeyText(text)
                : null;
        }
        catch (CheckpointKeyException e)
        {
            throw new CliException(e.Code == CheckpointKeyException.Invalid ? ExitCodes.BadInput : ExitCodes.Failure, $"{e.Message} [{e.Code}]");
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the ledger with the signing key of <see cref="Signer"/>, for the commands that
    /// may issue a checkpoint: a missing key is the command line's error (exit 1), not a crash.
    /// </summary>
    public async Task<T> WithSigningLedgerAsync<T>(ParseResult parse, Func<Ledger, Task<T>> work, CancellationToken cancellationToken)
    {
        using var signer = Signer(parse);
        var ledger = await OpenLedgerAsync(parse, cancellationToken).ConfigureAwait(false);
        await using (ledger.ConfigureAwait(false))
        {
            ledger.CheckpointSigner = signer;
            try
            {
                return await work(ledger).ConfigureAwait(false);
            }
            catch (CheckpointKeyException e)
            {
                throw new CliException(ExitCodes.Failure, $"{e.Message} [{e.Code}]");
            }
        }
    }

    /// <summary>
    /// Opens the ledger the options and environment name, without changing the database: no command but
    /// <c>migrate</c> runs DDL. A schema that holds no ledger is a <see cref="CliException"/> that says to migrate,
    /// so that a mistyped schema is never answered as an empty ledger.
    /// </summary>
    public async Task<Ledger> OpenLedgerAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var (ledger, exists) = await ConnectAsync(parse, cancellationToken).ConfigureAwait(false);
        if (!exists)
        {
            await ledger.DisposeAsync().ConfigureAwait(false);
            throw new CliException(ExitCodes.Failure, $"schema '{ledger.Schema}' holds no ledger: run `accessledger migrate` first to create it (as a role that may create tables there), or set --schema or {SchemaVariable} to the ledger's schema.");
        }

        ledger.RecordDecisions = Variable(RecordDecisionsVariable) is "true" or "1";
        return ledger;
    }

    /// <summary>Opens the ledger whether or not its schema holds one yet, and says which: for <c>migrate</c>.</summary>
    public Task<(Ledger Ledger, bool Exists)> OpenForMigrationAsync(ParseResult parse, CancellationToken cancellationToken) =>
        ConnectAsync(parse, cancellationToken);

    private async Task<(Ledger, bool)> ConnectAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var connectionString = parse.GetValue(Connection) ?? Variable(ConnectionVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new CliException(ExitCodes.Failure, $"no database: set {ConnectionVariable} or pass --connection with a PostgreSQL connection string.");
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

        var schema = parse.GetValue(Schema) ?? Variable(SchemaVariable) ?? LedgerSchema.DefaultSchema;
        Ledger ledger;
        try
        {
            // Builds the store only: no connection yet, and it checks the schema's name.
            ledger = Ledger.Create(connectionString, schema);
        }
        catch (ArgumentException e) when (e.ParamName == "schema")
        {
            // The name is echoed in the message: show a stray newline or tab as \n, \t rather than break the line.
            var message = e.Message.Split(" (Parameter", 2)[0].Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
            throw new CliException(ExitCodes.BadInput, $"{message} Check --schema or {SchemaVariable}.");
        }

        try
        {
            return (ledger, await HasLedgerAsync(builder, schema, cancellationToken).ConfigureAwait(false));
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
            var connection = new NpgsqlConnection(builder.ConnectionString);
            await using (connection.ConfigureAwait(false))
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                var command = new NpgsqlCommand("select to_regclass(@name) is not null", connection);
                await using (command.ConfigureAwait(false))
                {
                    command.Parameters.AddWithValue("name", $"{schema}.{LedgerSchema.ChainTable}");
                    return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                }
            }
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            var why = e.InnerException is { } inner && inner.Message != e.Message ? $"{e.Message}: {inner.Message}" : e.Message;
            throw new CliException(ExitCodes.Failure, $"cannot connect to PostgreSQL at {builder.Host}:{builder.Port} ({why.TrimEnd('.')}); set --connection or {ConnectionVariable} to a server that answers.");
        }
    }

    private string? Variable(string name) =>
        (environment is null ? Environment.GetEnvironmentVariable(name) : environment.GetValueOrDefault(name)) is { Length: > 0 } value ? value : null;
}

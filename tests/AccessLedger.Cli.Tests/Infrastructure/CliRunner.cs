using AccessLedger.LocalPostgres;
using AccessLedger.Tests.Infrastructure;

namespace AccessLedger.Cli.Tests.Infrastructure;

/// <summary>What one run of the command line returned and printed.</summary>
public sealed record CliRun(int Exit, string Out, string Error)
{
    /// <summary>Stdout's non-empty lines.</summary>
    public IReadOnlyList<string> Lines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <inheritdoc />
    public override string ToString() => $"exit {Exit}\n--- stdout\n{Out}--- stderr\n{Error}";
}

/// <summary>Runs <c>accessledger</c> in-process against the ledger of one test class, through the environment variables the tool reads.</summary>
public sealed class CliRunner(string connectionString, string schema)
{
    /// <summary>The ledger's schema.</summary>
    public string Schema { get; } = schema;

    /// <summary>The environment the tool reads: ACCESSLEDGER_CONNECTION and ACCESSLEDGER_SCHEMA set to this ledger.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; } =
        new Dictionary<string, string?> { [PostgresServer.AppVariable] = connectionString, ["ACCESSLEDGER_SCHEMA"] = schema };

    /// <summary>For a test class's <see cref="LedgerFixture"/>: its server and schema.</summary>
    public static CliRunner For(LedgerFixture fixture) => new(fixture.ConnectionString, fixture.Ledger.Schema);

    /// <summary>A runner on a schema of its own that <c>accessledger migrate</c> has made a ledger of.</summary>
    public static async Task<CliRunner> MigratedAsync(string connectionString, string prefix = "migrated")
    {
        var cli = new CliRunner(connectionString, TestDatabase.UniqueSchema(prefix));
        var migrate = await cli.RunAsync("migrate");
        return migrate.Exit == ExitCodes.Ok ? cli : throw new InvalidOperationException($"migrating {cli.Schema} failed: {migrate}");
    }

    /// <summary>Runs one command line with ACCESSLEDGER_CONNECTION and ACCESSLEDGER_SCHEMA set to this ledger.</summary>
    public Task<CliRun> RunAsync(params string[] args) => RunWithEnvironmentAsync(Environment, args);

    /// <summary>Runs one command line with <paramref name="stdin"/> as its standard input.</summary>
    public Task<CliRun> RunWithInputAsync(string stdin, params string[] args) => RunAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(stdin)), Environment, errorIsTerminal: false, args);

    /// <summary>Runs one command line with exactly these environment variables.</summary>
    public static Task<CliRun> RunWithEnvironmentAsync(IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        RunAsync(Stream.Null, environment, errorIsTerminal: false, args);

    /// <summary>Runs one command line as if stderr were a terminal (the live progress display draws into the captured stderr).</summary>
    public Task<CliRun> RunAsTerminalAsync(params string[] args) => RunAsync(Stream.Null, Environment, errorIsTerminal: true, args);

    /// <summary>The scenario file as the tests' output folder holds it.</summary>
    public static string ScenarioFile => Path.Combine(AppContext.BaseDirectory, "Scenario", "mythos-2026.ndjson");

    private static async Task<CliRun> RunAsync(Stream stdin, IReadOnlyDictionary<string, string?> environment, bool errorIsTerminal, string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, new CliContext(stdin, stdout, stderr, environment) { ErrorIsTerminal = errorIsTerminal });
        return new CliRun(exit, stdout.ToString(), stderr.ToString());
    }
}

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

    /// <summary>For a test class's <see cref="LedgerFixture"/>: its server and schema.</summary>
    public static CliRunner For(LedgerFixture fixture) => new(fixture.ConnectionString, fixture.Ledger.Schema);

    /// <summary>Runs one command line with ACCESSLEDGER_CONNECTION and ACCESSLEDGER_SCHEMA set to this ledger.</summary>
    public Task<CliRun> RunAsync(params string[] args) =>
        RunWithEnvironmentAsync(new Dictionary<string, string?> { [PostgresServer.AppVariable] = connectionString, ["ACCESSLEDGER_SCHEMA"] = Schema }, args);

    /// <summary>Runs one command line with exactly these environment variables.</summary>
    public static async Task<CliRun> RunWithEnvironmentAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr, environment);
        return new CliRun(exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The scenario file as the tests' output folder holds it.</summary>
    public static string ScenarioFile => Path.Combine(AppContext.BaseDirectory, "Scenario", "mythos-2026.ndjson");
}

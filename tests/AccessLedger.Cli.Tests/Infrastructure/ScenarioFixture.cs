using AccessLedger.Tests.Infrastructure;

namespace AccessLedger.Cli.Tests.Infrastructure;

/// <summary>A ledger in a schema of its own, migrated with <c>accessledger migrate</c>, with the June 2026 episode imported through <c>accessledger import</c>.</summary>
public class ScenarioFixture : IAsyncLifetime
{
    private readonly LedgerFixture _ledger = new();
    private readonly string _file;

    /// <summary>The June episode.</summary>
    public ScenarioFixture()
        : this(CliRunner.ScenarioFile)
    {
    }

    /// <summary>The episode in <paramref name="file"/>.</summary>
    protected ScenarioFixture(string file) => _file = file;

    /// <summary>The ledger, to compare heads and make further empty ledgers.</summary>
    public LedgerFixture Ledger => _ledger;

    /// <summary>The command line bound to this ledger.</summary>
    public CliRunner Cli { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await _ledger.InitializeAsync();
        Cli = CliRunner.For(_ledger);
        foreach (var args in new[] { ["migrate"], new[] { "import", _file } })
        {
            var run = await Cli.RunAsync(args);
            if (run.Exit != ExitCodes.Ok)
            {
                throw new InvalidOperationException($"accessledger {string.Join(' ', args)} failed: {run}");
            }
        }
    }

    /// <inheritdoc />
    public Task DisposeAsync() => _ledger.DisposeAsync();
}

/// <summary>A ledger with the June episode and its autumn continuation (version 2) imported through <c>accessledger import</c>.</summary>
public sealed class AutumnScenarioFixture() : ScenarioFixture(Scenario.PathOf(Scenario.Autumn));

/// <summary>A file in the temp folder, deleted when disposed.</summary>
public sealed class TempFile : IDisposable
{
    /// <summary>Writes <paramref name="lines"/> to a new file.</summary>
    public TempFile(IEnumerable<string> lines) => File.WriteAllLines(Path, lines);

    /// <summary>The file's path.</summary>
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"cli-{Guid.NewGuid():N}.ndjson");

    /// <inheritdoc />
    public void Dispose() => File.Delete(Path);
}

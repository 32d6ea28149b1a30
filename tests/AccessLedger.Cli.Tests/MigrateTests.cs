using System.Text.Json;
using AccessLedger.Cli.Tests.Infrastructure;
using AccessLedger.Tests.Infrastructure;
using Npgsql;
using Shouldly;

namespace AccessLedger.Cli.Tests;

/// <summary>
/// <c>accessledger migrate</c> is the one command that changes the database's schema; every other command, import
/// included, works under roles that may not run DDL, and refuses a schema that holds no ledger without creating it.
/// </summary>
public sealed class MigrateTests(ScenarioFixture scenario) : IClassFixture<ScenarioFixture>
{
    private static readonly string[][] Questions =
    [
        ["check", "--model", "mythos-5", "--person", "lena", "--at", "2026-06-12T22:00:00Z"],
        ["check", "--model", "mythos-5", "--org", "gridco", "--citizenship", "DE", "--us-person", "none", "--location", "US", "--at", "2026-06-12T22:00:00Z"],
        ["events", "--known-at", "2026-06-12T22:00:00Z"],
        ["verify"],
        ["who", "--model", "mythos-5", "--at", "2026-06-30T00:00:00Z"],
        ["changes", "--model", "mythos-5", "--from", "2026-06-09T00:00:00Z", "--to", "2026-07-10T00:00:00Z"],
        ["diff", "--model", "mythos-5", "--from", "2026-06-12T00:00:00Z", "--to", "2026-06-14T00:00:00Z"],
        ["timeline", "--org", "gridco"],
    ];

    /// <summary>The questions that only read, each asked of the episode.</summary>
    public static TheoryData<string[]> Reads() => new(Questions);

    [Fact]
    public async Task migrate_creates_a_ledger_in_an_empty_schema_and_then_finds_it_up_to_date()
    {
        var cli = new CliRunner(scenario.Ledger.ConnectionString, TestDatabase.UniqueSchema("migrate"));

        var first = await cli.RunAsync("migrate", "--json");
        var second = await cli.RunAsync("migrate");

        first.Exit.ShouldBe(ExitCodes.Ok, first.ToString());
        using var json = JsonDocument.Parse(first.Out);
        json.RootElement.GetProperty("schema").GetString().ShouldBe(cli.Schema);
        json.RootElement.GetProperty("created").GetBoolean().ShouldBeTrue();
        json.RootElement.GetProperty("checkpoint").GetProperty("position").GetInt64().ShouldBe(0);
        second.Exit.ShouldBe(ExitCodes.Ok, second.ToString());
        second.Out.ShouldStartWith($"ledger {cli.Schema}: schema up to date; head at position 0, chain hash ");
        (await cli.RunAsync("import", CliRunner.ScenarioFile)).Exit.ShouldBe(ExitCodes.Ok);
    }

    [Fact]
    public async Task migrations_run_at_once_from_several_places_all_succeed()
    {
        var cli = new CliRunner(scenario.Ledger.ConnectionString, TestDatabase.UniqueSchema("together"));

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => cli.RunAsync("migrate"))));

        runs.ShouldAllBe(r => r.Exit == ExitCodes.Ok, string.Join("\n", runs.Select(r => r.ToString())));
        (await cli.RunAsync("import", CliRunner.ScenarioFile)).Exit.ShouldBe(ExitCodes.Ok);
    }

    /// <summary>Every command but migrate and completion: the questions, and an import from standard input.</summary>
    public static TheoryData<string[]> Commands()
    {
        var all = new TheoryData<string[]>(Questions);
        all.Add(["import", "-"]);
        all.Add(["report", "--model", "mythos-5", "--from", "2026-06-09T00:00:00Z", "--to", "2026-07-10T00:00:00Z", "-o", Path.Combine(Path.GetTempPath(), "never-written.html")]);
        return all;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task a_schema_that_holds_no_ledger_is_refused_with_the_command_that_makes_one_and_is_not_created(string[] args)
    {
        var cli = new CliRunner(scenario.Ledger.ConnectionString, TestDatabase.UniqueSchema("noledger"));

        var run = await cli.RunWithInputAsync(await File.ReadAllTextAsync(CliRunner.ScenarioFile), args);

        run.Exit.ShouldBe(ExitCodes.Failure, run.ToString());
        run.Error.ShouldBe($"error: schema '{cli.Schema}' holds no ledger: run `accessledger migrate` first to create it (as a role that may create tables there), or set --schema or ACCESSLEDGER_SCHEMA to the ledger's schema.\n");
        (await SchemaExistsAsync(cli.Schema)).ShouldBeFalse();
    }

    [Theory]
    [MemberData(nameof(Reads))]
    public async Task a_read_only_role_runs_every_question_because_no_question_runs_ddl(string[] args)
    {
        await using var role = await Role.CreateAsync(scenario.Ledger.ConnectionString, scenario.Cli.Schema, "grant select on all tables in schema {0} to {1}");

        var run = await new CliRunner(role.ConnectionString, scenario.Cli.Schema).RunAsync(args);

        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Error.ShouldNotContain("error");
    }

    [Fact]
    public async Task a_writer_that_may_not_create_tables_imports_because_import_runs_no_ddl()
    {
        var cli = await CliRunner.MigratedAsync(scenario.Ledger.ConnectionString, "writer");
        await using var role = await Role.CreateAsync(
            scenario.Ledger.ConnectionString,
            cli.Schema,
            "grant select, insert, update on all tables in schema {0} to {1}; grant usage, select on all sequences in schema {0} to {1}; grant execute on all functions in schema {0} to {1}");

        var run = await new CliRunner(role.ConnectionString, cli.Schema).RunAsync("import", CliRunner.ScenarioFile);

        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Out.ShouldContain("21 events recorded");
    }

    [Fact]
    public async Task migrate_as_a_role_that_may_not_create_tables_says_which_role_must_run_it()
    {
        var cli = new CliRunner(scenario.Ledger.ConnectionString, TestDatabase.UniqueSchema("denied"));
        await using (var owner = new NpgsqlConnection(scenario.Ledger.ConnectionString))
        {
            await owner.OpenAsync();
            await new NpgsqlCommand($"create schema {cli.Schema}", owner).ExecuteNonQueryAsync();
        }

        await using var role = await Role.CreateAsync(scenario.Ledger.ConnectionString, cli.Schema, "select 1");

        var run = await new CliRunner(role.ConnectionString, cli.Schema).RunAsync("migrate");

        run.Exit.ShouldBe(ExitCodes.Failure, run.ToString());
        run.Error.ShouldStartWith("error: PostgreSQL refused: permission denied for schema ");
        run.Error.ShouldContain("Run `accessledger migrate` as the role that owns the ledger's schema");
        run.Error.TrimEnd('\n').ShouldNotContain('\n');
    }

    private async Task<bool> SchemaExistsAsync(string schema)
    {
        await using var connection = new NpgsqlConnection(scenario.Ledger.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select exists (select 1 from information_schema.schemata where schema_name = @s)", connection);
        command.Parameters.AddWithValue("s", schema);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A login role with usage on the schema and the given grants, dropped when disposed.</summary>
    private sealed class Role : IAsyncDisposable
    {
        private readonly string _adminConnection;
        private readonly string _name;

        private Role(string adminConnection, string name, string connectionString) =>
            (_adminConnection, _name, ConnectionString) = (adminConnection, name, connectionString);

        public string ConnectionString { get; }

        public static async Task<Role> CreateAsync(string adminConnection, string schema, string grants)
        {
            var name = TestDatabase.UniqueSchema("rolename");
            const string password = "role-password";
            await ExecuteAsync(adminConnection, $"create role {name} login password '{password}'; grant usage on schema {schema} to {name}; {string.Format(System.Globalization.CultureInfo.InvariantCulture, grants, schema, name)}");
            var builder = new NpgsqlConnectionStringBuilder(adminConnection) { Username = name, Password = password, Pooling = false };
            return new Role(adminConnection, name, builder.ConnectionString);
        }

        public async ValueTask DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(_adminConnection, $"drop owned by {_name}; drop role {_name}");
        }

        private static async Task ExecuteAsync(string connectionString, string sql)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}

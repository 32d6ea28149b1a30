using AccessLedger.Decisions;
using AccessLedger.DependencyInjection;
using AccessLedger.MediatR.Tests.Infrastructure;
using AccessLedger.Storage;
using AccessLedger.Tests.Infrastructure;
using Marten;
using Marten.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Shouldly;
using Weasel.Core;
using SystemTextJsonSerializer = Marten.Services.SystemTextJsonSerializer;

namespace AccessLedger.MediatR.Tests;

/// <summary>A document of the host's own, to show the ledger shares the store without taking it over.</summary>
public sealed record Invoice(string Id, decimal Amount);

/// <summary>AddAccessLedger into a host that has a Marten store, and into one that has none.</summary>
public sealed class RegistrationTests
{
    [Fact]
    public async Task a_replica_connection_string_sends_decisions_to_the_replica_and_writes_to_the_store()
    {
        var connectionString = await TestDatabase.ConnectionStringAsync();
        var replicaName = $"replica-{Guid.NewGuid():N}"[..20];
        using var host = await Hosts.StartAsync(services => services.AddAccessLedger(connectionString, o =>
        {
            o.Schema = TestDatabase.UniqueSchema("replica");
            o.ReplicaConnectionString = $"{connectionString};Application Name={replicaName}";
            o.ReplicaWait = TimeSpan.FromMilliseconds(200);
        }));
        var ledger = host.Services.GetRequiredService<Ledger>();
        var written = await ledger.RecordBatchAsync(Scenario.Commands());

        var decision = await ledger.DecideAtLeastAsync(written.Results[^1].Position, "mythos-5", Subject.Person("lena"), new DateTimeOffset(2026, 6, 30, 0, 0, 0, TimeSpan.Zero));

        decision.Allowed.ShouldBeTrue();
        decision.Checkpoint!.Position.ShouldBe(21);
        await using var admin = NpgsqlDataSource.Create(connectionString);
        await using var seen = admin.CreateCommand("select count(*) from pg_stat_activity where application_name = $1");
        seen.Parameters.Add(new NpgsqlParameter { Value = replicaName });
        ((long)(await seen.ExecuteScalarAsync())!).ShouldBeGreaterThan(0, "the decision was read through the replica's data source");
    }

    [Fact]
    public async Task a_host_with_its_own_marten_store_keeps_one_store_with_its_documents_in_its_schema_and_the_ledger_in_the_ledgers()
    {
        var connectionString = await TestDatabase.ConnectionStringAsync();
        var hostSchema = TestDatabase.UniqueSchema("hostapp");
        var ledgerSchema = TestDatabase.UniqueSchema("embedded");
        using var host = await Hosts.StartAsync(services =>
        {
            services.AddMarten(o =>
            {
                o.Connection(connectionString);
                o.DatabaseSchemaName = hostSchema;
                o.Schema.For<Invoice>();
            }).UseLightweightSessions();
            services.AddAccessLedger(o => o.Schema = ledgerSchema);
        });

        var store = host.Services.GetRequiredService<IDocumentStore>();
        var ledger = host.Services.GetRequiredService<Ledger>();
        ledger.Store.ShouldBeSameAs(store);
        ledger.Schema.ShouldBe(ledgerSchema);
        await using (var session = store.LightweightSession())
        {
            session.Store(new Invoice("inv-1", 42m));
            await session.SaveChangesAsync();
        }

        await ledger.RecordBatchAsync(Scenario.Commands());

        foreach (var q in Scenario.Questions())
        {
            var decision = await ledger.DecideAsync(q.Model, Subject.Person(q.Person), q.At, q.KnownAt);
            decision.Reasons.Select(r => r.Code).ShouldBe(q.Reasons, $"q{q.Q}");
        }

        // The host's store writes the ledger's events in the wire form, so the chain verifies, and the guard is on.
        (await ledger.VerifyAsync()).Intact.ShouldBeTrue();

        await using (var query = store.QuerySession())
        {
            (await query.LoadAsync<Invoice>("inv-1"))!.Amount.ShouldBe(42m);
        }

        var hostTables = await TablesAsync(connectionString, hostSchema);
        var ledgerTables = await TablesAsync(connectionString, ledgerSchema);
        hostTables.ShouldContain("mt_doc_invoice");
        hostTables.ShouldNotContain(t => t.StartsWith("mt_event") || t.StartsWith("al_") || t.EndsWith("_timeline"));
        ledgerTables.ShouldContain(LedgerSchema.ChainTable);
        ledgerTables.ShouldContain("mt_events");
        ledgerTables.ShouldContain("al_fact");
        ledgerTables.ShouldNotContain("mt_doc_invoice");
    }

    [Fact]
    public async Task a_host_without_marten_gets_a_store_and_the_ledger_from_one_call_in_the_configured_schema()
    {
        var connectionString = await TestDatabase.ConnectionStringAsync();
        var schema = TestDatabase.UniqueSchema("oneliner");
        using var host = await Hosts.StartAsync(
            services => services.AddAccessLedger(connectionString),
            new Dictionary<string, string?> { ["AccessLedger:Schema"] = schema });

        var ledger = host.Services.GetRequiredService<Ledger>();
        ledger.Schema.ShouldBe(schema);
        ledger.Store.Options.DatabaseSchemaName.ShouldBe(schema);
        var result = await ledger.RecordBatchAsync(Scenario.Commands());

        result.Recorded.ShouldBe(Scenario.Commands().Count);
        (await TablesAsync(connectionString, schema)).ShouldContain(LedgerSchema.ChainTable);
    }

    [Fact]
    public void the_one_call_for_a_host_without_marten_refuses_a_host_that_has_a_store()
    {
        var services = new ServiceCollection();
        services.AddMarten(Hosts.Unreachable);

        Should.Throw<InvalidOperationException>(() => services.AddAccessLedger(Hosts.Unreachable)).Message.ShouldContain("without a connection string");
    }

    [Theory]
    [InlineData("AccessLedger")]
    [InlineData("1ledger")]
    [InlineData("access-ledger")]
    [InlineData("")]
    public async Task a_schema_that_is_not_a_lower_case_identifier_fails_the_start_with_the_reason(string schema)
    {
        using var host = Hosts.Build(services =>
        {
            services.AddMarten(Hosts.Unreachable);
            services.AddAccessLedger(o => o.Schema = schema);
        });

        var error = await Should.ThrowAsync<OptionsValidationException>(() => host.StartAsync());

        error.Message.ShouldContain($"AccessLedger:Schema '{schema}' is not a schema name the ledger can use");
    }

    [Fact]
    public void the_checkpoint_key_file_of_the_options_signs_the_ledgers_checkpoints()
    {
        var file = Path.Combine(Path.GetTempPath(), $"ledger-{Guid.NewGuid():N}.key");
        var verifier = AccessLedger.Chain.Checkpoints.CheckpointSigner.GenerateFile(file, "ledger.example/host");
        try
        {
            using var host = Hosts.Build(
                services =>
                {
                    services.AddMarten(Hosts.Unreachable);
                    services.AddAccessLedger();
                },
                new Dictionary<string, string?> { ["AccessLedger:CheckpointKeyFile"] = file });

            using var signer = host.Services.GetRequiredService<Ledger>().CheckpointSigner;
            signer!.VerifierKey.ToString().ShouldBe(verifier.ToString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void options_are_bound_from_the_AccessLedger_section_and_default_as_documented()
    {
        using var configured = Hosts.Build(
            services => services.AddAccessLedger(),
            new Dictionary<string, string?> { ["AccessLedger:Schema"] = "compliance", ["AccessLedger:EnsureSchemaOnStart"] = "false" });
        using var defaults = Hosts.Build(services => services.AddAccessLedger());

        var bound = configured.Services.GetRequiredService<IOptions<AccessLedgerOptions>>().Value;
        (bound.Schema, bound.EnsureSchemaOnStart, bound.ConfigureSerializer).ShouldBe(("compliance", false, true));
        var standard = defaults.Services.GetRequiredService<IOptions<AccessLedgerOptions>>().Value;
        (standard.Schema, standard.EnsureSchemaOnStart, standard.ConfigureSerializer).ShouldBe(("accessledger", true, true));
    }

    [Fact]
    public void a_host_serializer_that_writes_the_wire_form_is_kept()
    {
        var serializer = new SystemTextJsonSerializer { EnumStorage = EnumStorage.AsString, Casing = Casing.CamelCase };
        serializer.Configure(o => LedgerSchema.ConfigureStorageJson(o));
        using var host = Hosts.Build(services =>
        {
            services.AddMarten(o =>
            {
                o.Connection(Hosts.Unreachable);
                o.Serializer(serializer);
            });
            services.AddAccessLedger();
        });

        host.Services.GetRequiredService<IDocumentStore>().Options.Serializer().ShouldBeSameAs(serializer);
    }

    [Theory]
    [InlineData(EnumStorage.AsInteger)]
    [InlineData(EnumStorage.AsString)]
    public void a_host_serializer_that_does_not_write_the_wire_form_is_replaced_by_default(EnumStorage enums)
    {
        // AsString writes "PermanentResident": readable, but not the bytes the hash chain is computed over.
        var serializer = new SystemTextJsonSerializer { EnumStorage = enums, Casing = Casing.CamelCase };
        using var host = Hosts.Build(services =>
        {
            services.AddMarten(o =>
            {
                o.Connection(Hosts.Unreachable);
                o.Serializer(serializer);
            });
            services.AddAccessLedger();
        });

        var actual = host.Services.GetRequiredService<IDocumentStore>().Options.Serializer();

        actual.ShouldNotBeSameAs(serializer);
        LedgerSchema.SerializerMismatch(actual).ShouldBeNull();
    }

    [Fact]
    public async Task a_host_serializer_the_ledger_cannot_read_fails_the_start_when_the_host_keeps_it()
    {
        using var host = Hosts.Build(services =>
        {
            services.AddMarten(o =>
            {
                o.Connection(Hosts.Unreachable);
                o.Serializer(new SystemTextJsonSerializer { EnumStorage = EnumStorage.AsInteger });
            });
            services.AddAccessLedger(o => o.ConfigureSerializer = false);
        });

        var error = await Should.ThrowAsync<InvalidOperationException>(() => host.StartAsync());

        error.Message.ShouldContain("the ledger cannot use this store");
        error.Message.ShouldContain("UseLedgerSerializer");
    }

    private static async Task<List<string>> TablesAsync(string connectionString, string schema)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("select table_name from information_schema.tables where table_schema = @schema");
        command.Parameters.AddWithValue("schema", schema);
        await using var reader = await command.ExecuteReaderAsync();
        var tables = new List<string>();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }
}

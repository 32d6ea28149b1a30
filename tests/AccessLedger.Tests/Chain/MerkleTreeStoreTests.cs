using AccessLedger.Chain;
using AccessLedger.Chain.Merkle;
using AccessLedger.Tests.Infrastructure;
using AccessLedger.Wire;
using Npgsql;
using Shouldly;

namespace AccessLedger.Tests.Chain;

/// <summary>
/// The Merkle tree the ledger keeps in <c>al_merkle</c>, written with the events: it is the RFC 9162 tree of the
/// events' canonical bytes at every size, proofs read from it equal the in-memory tree's, migrate builds it for a
/// ledger written before it, and verify names where it was altered.
/// </summary>
public sealed class MerkleTreeStoreTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    private async Task<Ledger> ScenarioLedgerAsync()
    {
        var ledger = await fixture.NewLedgerAsync();

        // Batches of 1, 2, 3, … events, so edges of every shape are extended by writes of several sizes.
        var commands = Infrastructure.Scenario.Commands();
        for (int start = 0, size = 1; start < commands.Count; start += size, size++)
        {
            await ledger.RecordBatchAsync(commands.Skip(start).Take(size).ToList());
        }

        return ledger;
    }

    private async Task<InMemoryMerkleTree> TreeOfTheEventsAsync(Ledger ledger)
    {
        var tree = new InMemoryMerkleTree();
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand($"select e.type, e.data, e.stream_id, e.version, e.headers from {ledger.Schema}.al_chain c join {ledger.Schema}.mt_events e on e.id = c.event_id order by c.position", connection);
        await using var reader = await read.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tree.AppendLeaf(ChainHasher.CanonicalOfStored(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4))!);
        }

        return tree;
    }

    private static readonly LedgerCommand Late = new(new AccessLedger.Events.PersonEnrolled("late", "gridco", ["DE"], AccessLedger.Events.UsPersonStatus.None, "US", new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero)));

    private MerkleNodes.Source Stored(Ledger ledger) => new(NpgsqlDataSource.Create(fixture.ConnectionString), ledger.Schema);

    private async Task TamperAsync(Ledger ledger, string sql)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"set session_replication_role = replica; {sql.Replace("{s}", ledger.Schema, StringComparison.Ordinal)}", connection);
        (await command.ExecuteNonQueryAsync()).ShouldBeGreaterThan(0, "the tampering touched no row");
    }

    [Fact]
    public async Task the_stored_tree_gives_the_roots_and_proofs_of_the_tree_of_the_events_at_every_size()
    {
        var ledger = await ScenarioLedgerAsync();
        var expected = await TreeOfTheEventsAsync(ledger);
        var stored = Stored(ledger);

        expected.Size.ShouldBe(21);
        for (var size = 0L; size <= expected.Size; size++)
        {
            (await MerkleProofs.RootAsync(stored, size, default)).ShouldBe(await MerkleProofs.RootAsync(expected, size, default), $"root at {size}");
            for (var index = 0L; index < size; index++)
            {
                (await MerkleProofs.InclusionProofAsync(stored, index, size, default)).ShouldBe(await MerkleProofs.InclusionProofAsync(expected, index, size, default), $"leaf {index} at {size}");
            }

            (await MerkleProofs.ConsistencyProofAsync(stored, size, expected.Size, default)).ShouldBe(await MerkleProofs.ConsistencyProofAsync(expected, size, expected.Size, default), $"from {size}");
        }

        (await ledger.VerifyAsync()).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task a_write_on_a_ledger_without_its_tree_is_refused_and_migrate_builds_the_tree()
    {
        var ledger = await ScenarioLedgerAsync();
        var before = (await TreeOfTheEventsAsync(ledger)).Root();

        // As a ledger written before the tree was kept: its events, no tree.
        await TamperAsync(ledger, "delete from {s}.al_merkle");
        var refused = await Should.ThrowAsync<InvalidOperationException>(() => ledger.RecordAsync(Late));
        refused.Message.ShouldContain("accessledger migrate");
        (await ledger.VerifyAsync()).FirstBrokenPosition.ShouldBe(1L);

        await ledger.EnsureSchemaAsync();

        var stored = Stored(ledger);
        (await MerkleProofs.RootAsync(stored, 21, default)).ShouldBe(before);
        (await ledger.VerifyAsync()).Intact.ShouldBeTrue();
        await ledger.RecordAsync(Late);
        (await MerkleProofs.RootAsync(stored, 22, default)).ShouldBe((await TreeOfTheEventsAsync(ledger)).Root());
    }

    [Fact]
    public async Task migrate_finishes_a_tree_that_stops_short_of_the_head()
    {
        var ledger = await ScenarioLedgerAsync();
        var before = (await TreeOfTheEventsAsync(ledger)).Root();

        // The tree of the first 10 events only: every subtree the 11th and later events completed is gone.
        await TamperAsync(ledger, "delete from {s}.al_merkle where (idx + 1) << level > 10");
        await ledger.EnsureSchemaAsync();

        (await MerkleProofs.RootAsync(Stored(ledger), 21, default)).ShouldBe(before);
        (await ledger.VerifyAsync()).Intact.ShouldBeTrue();
    }

    [Theory]
    [InlineData("update {s}.al_merkle set hash = sha256(hash) where level = 0 and idx = 4", 5L, "leaf of position 5")]
    [InlineData("update {s}.al_merkle set hash = sha256(hash) where level = 2 and idx = 1", 8L, "subtree over positions 5..8")]
    [InlineData("delete from {s}.al_merkle where level = 3 and idx = 0", 8L, "lacks the subtree over positions 1..8")]
    [InlineData("delete from {s}.al_merkle where level = 0 and idx = 11", 12L, "lacks the leaf of position 12")]
    [InlineData("insert into {s}.al_merkle (level, idx, hash) values (0, 21, sha256('x'))", 22L, "which the chain does not hold")]
    public async Task verify_names_the_first_position_where_the_tree_was_altered(string sql, long position, string problem)
    {
        var ledger = await ScenarioLedgerAsync();

        await TamperAsync(ledger, sql);

        var result = await ledger.VerifyAsync();
        result.FirstBrokenPosition.ShouldBe(position, result.Problem);
        result.Problem!.ShouldContain(problem);
    }
}

using System.Text.Json.Nodes;
using AccessLedger.Chain;
using AccessLedger.Events;
using AccessLedger.Tests.Infrastructure;
using AccessLedger.Wire;
using Npgsql;
using Shouldly;

namespace AccessLedger.Tests.Chain;

/// <summary>
/// Someone with database access rewrites history, as a superuser who switches the guard off
/// (<c>session_replication_role = replica</c>): verify names the first position where the chain breaks.
/// In the scenario, position 4 is gridco's registration, 6 and 7 are lena's and sam's enrolments, 13 is the ban.
/// </summary>
public sealed class TamperEvidenceTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    private async Task<Ledger> ScenarioLedgerAsync()
    {
        var ledger = await fixture.NewLedgerAsync();
        await ledger.RecordBatchAsync(Infrastructure.Scenario.Commands());
        return ledger;
    }

    private async Task TamperAsync(Ledger ledger, string sql)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"set session_replication_role = replica; {sql.Replace("{s}", ledger.Schema, StringComparison.Ordinal)}", connection);
        (await command.ExecuteNonQueryAsync()).ShouldBeGreaterThan(0, "the tampering touched no row");
    }

    private static string EventAt(int position) => $"(select event_id from {{s}}.al_chain where position = {position})";

    [Fact]
    public async Task an_intact_ledger_verifies_and_its_head_is_the_checkpoint()
    {
        var ledger = await ScenarioLedgerAsync();

        var result = await ledger.VerifyAsync(await ledger.GetHeadAsync());

        result.Intact.ShouldBeTrue(result.Problem);
        (result.EventsChecked, result.CheckpointMatches).ShouldBe((21L, true));
        result.Head.ShouldBe(await ledger.GetHeadAsync());
    }

    [Fact]
    public async Task one_changed_byte_in_one_event_breaks_the_chain_at_that_event()
    {
        var ledger = await ScenarioLedgerAsync();

        await TamperAsync(ledger, "update {s}.mt_events set data = jsonb_set(data, '{usPerson}', 'false') where id = " + EventAt(4));

        var result = await ledger.VerifyAsync();
        (result.Intact, result.FirstBrokenPosition).ShouldBe((false, 4L));
        result.Problem!.ShouldContain("org-gridco");
    }

    [Fact]
    public async Task a_changed_recorded_at_breaks_the_chain_at_that_event()
    {
        var ledger = await ScenarioLedgerAsync();

        await TamperAsync(ledger, "update {s}.mt_events set headers = jsonb_set(headers, '{recordedAt}', '\"2026-06-12T21:00:00Z\"') where id = " + EventAt(13));

        (await ledger.VerifyAsync()).FirstBrokenPosition.ShouldBe(13L);
    }

    [Fact]
    public async Task a_deleted_event_breaks_the_chain_where_it_was()
    {
        var ledger = await ScenarioLedgerAsync();

        await TamperAsync(ledger, "delete from {s}.mt_events where id = " + EventAt(13));

        (await ledger.VerifyAsync()).FirstBrokenPosition.ShouldBe(13L);
    }

    [Fact]
    public async Task an_event_deleted_with_its_link_leaves_a_gap_where_it_was()
    {
        var ledger = await ScenarioLedgerAsync();

        await TamperAsync(ledger, "delete from {s}.mt_events where id = " + EventAt(13) + "; delete from {s}.al_chain where position = 13");

        (await ledger.VerifyAsync()).FirstBrokenPosition.ShouldBe(13L);
    }

    [Fact]
    public async Task two_swapped_events_break_the_chain_at_the_first()
    {
        var ledger = await ScenarioLedgerAsync();

        await TamperAsync(ledger, """
            update {s}.al_chain set position = -6 where position = 6;
            update {s}.al_chain set position = 6 where position = 7;
            update {s}.al_chain set position = 7 where position = -6;
            """);

        (await ledger.VerifyAsync()).FirstBrokenPosition.ShouldBe(6L);
    }

    [Fact]
    public async Task an_inserted_event_breaks_the_chain_where_it_was_slipped_in()
    {
        var ledger = await ScenarioLedgerAsync();

        // A ban nobody issued, slipped in before everything else (the lowest sequence number).
        await TamperAsync(ledger, """
            insert into {s}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, headers)
            select -1, gen_random_uuid(), 'directive-d9', 1, data, type, timestamp, tenant_id, mt_dotnet_type, headers
            from {s}.mt_events where stream_id = 'directive-d1';
            """);

        var result = await ledger.VerifyAsync();
        result.FirstBrokenPosition.ShouldBe(1L);
        result.Problem!.ShouldContain("directive-d9");
    }

    [Fact]
    public async Task a_consistent_rewrite_passes_the_chain_but_not_the_checkpoint_saved_before_it()
    {
        var ledger = await ScenarioLedgerAsync();
        var saved = await ledger.GetHeadAsync();

        // The attacker changes gridco's registration and recomputes every hash from there on, the chain's and the tree's.
        await TamperAsync(ledger, "update {s}.mt_events set data = jsonb_set(data, '{usPerson}', 'false') where id = " + EventAt(4));
        await RechainAsync(ledger);

        var result = await ledger.VerifyAsync(saved);
        result.FirstBrokenPosition.ShouldBeNull();
        result.CheckpointMatches.ShouldBe(false);
        result.Intact.ShouldBeFalse();
    }

    [Fact]
    public async Task a_checkpoint_beyond_a_truncated_ledger_does_not_match()
    {
        var ledger = await ScenarioLedgerAsync();
        var saved = await ledger.GetHeadAsync();

        // With the Merkle tree's nodes of the last event: a leaf the chain lacks would show the truncation by itself.
        await TamperAsync(ledger, "delete from {s}.mt_events where id = " + EventAt(21) + "; delete from {s}.al_chain where position = 21; delete from {s}.al_merkle where (idx + 1) << level > 20");

        var result = await ledger.VerifyAsync(saved);
        (result.FirstBrokenPosition, result.CheckpointMatches, result.EventsChecked).ShouldBe((null, false, 20L));
    }

    [Fact]
    public async Task the_canonical_form_is_recomputable_from_the_documented_recipe()
    {
        var ledger = await ScenarioLedgerAsync();
        var first = await ledger.ReadEventsAsync().FirstAsync();

        // docs/tamper-evidence.md: SHA-256(32 zero bytes ‖ canonical JSON with sorted keys, no whitespace, no nulls).
        var canonical = $$"""{"commandId":"reg-fable-5","data":{"availability":"general","modelId":"fable-5","name":"Fable 5","providerId":"prov","validFrom":"2026-06-09T00:00:00Z"},"recordedAt":"2026-06-09T12:00:00Z","stream":"model-fable-5","type":"model_registered","version":1}""";
        var expected = System.Security.Cryptography.SHA256.HashData([.. new byte[32], .. System.Text.Encoding.UTF8.GetBytes(canonical)]);

        first.Hash.ShouldBe(Convert.ToHexStringLower(expected));
    }

    private async Task RechainAsync(Ledger ledger)
    {
        var previous = ChainHasher.Genesis.ToArray();
        var updates = new List<string>();
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using (var read = new NpgsqlCommand($"select c.position, e.type, e.data, e.stream_id, e.version, e.headers from {ledger.Schema}.al_chain c join {ledger.Schema}.mt_events e on e.id = c.event_id order by c.position", connection))
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var headers = JsonNode.Parse(reader.GetString(5))!;
                var linked = previous;
                previous = ChainHasher.Next(previous, ChainHasher.Canonical(
                    reader.GetString(1), JsonNode.Parse(reader.GetString(2))!, reader.GetString(3), reader.GetInt64(4),
                    LedgerJson.TryParseInstant(headers["recordedAt"]!.GetValue<string>())!.Value, headers["commandId"]!.GetValue<string>(), headers["actor"]?.GetValue<string>()));
                updates.Add($"update {{s}}.al_chain set hash = '\\x{Convert.ToHexStringLower(previous)}', previous_hash = '\\x{Convert.ToHexStringLower(linked)}' where position = {reader.GetInt64(0)};");
            }
        }

        await TamperAsync(ledger, string.Join("\n", updates));

        // The tree too: emptied, then built again from the rewritten events by migrate, as for a ledger written before it.
        await TamperAsync(ledger, "delete from {s}.al_merkle");
        await ledger.EnsureSchemaAsync();
    }
}

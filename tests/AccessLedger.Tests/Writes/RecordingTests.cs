using System.Text.Json;
using AccessLedger.Decisions;
using AccessLedger.Events;
using AccessLedger.Rules;
using AccessLedger.Storage;
using AccessLedger.Tests.Infrastructure;
using AccessLedger.Wire;
using Marten;
using Shouldly;

namespace AccessLedger.Tests.Writes;

/// <summary>Writes on real PostgreSQL: atomic batches, idempotency, knowledge time, racing writers, rebuilds.</summary>
public sealed class RecordingTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    private static readonly DateTimeOffset June = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static LedgerCommand Org(string id, string? commandId = null) =>
        new(new OrganizationRegistered(id, id, "US", true, June), commandId);

    private static async Task<int> CountEventsAsync(Ledger ledger) => await ledger.ReadEventsAsync().CountAsync();

    [Fact]
    public async Task a_batch_with_a_bad_event_in_the_middle_writes_nothing_and_names_it()
    {
        var ledger = await fixture.NewLedgerAsync();
        await ledger.RecordAsync(Org("gridco"));
        var head = await ledger.GetHeadAsync();

        var error = await Should.ThrowAsync<LedgerRuleException>(() => ledger.RecordBatchAsync(
        [
            Org("acme"),
            new LedgerCommand(new PartnerProvisioned("acme", "mythos-5", June)),
            Org("initech"),
        ]));

        (error.Code, error.Index, error.EventType).ShouldBe((ErrorCodes.UnknownModel, 1, "partner_provisioned"));
        (await ledger.GetHeadAsync()).ShouldBe(head);
        (await CountEventsAsync(ledger)).ShouldBe(1);
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(fixture.ConnectionString);
        await using var facts = dataSource.CreateCommand($"select count(*) from {ledger.Schema}.al_subject_fact where org_id = 'acme'");
        (await facts.ExecuteScalarAsync()).ShouldBe(0L);
    }

    [Fact]
    public async Task a_rule_judges_each_event_against_the_earlier_events_of_its_batch()
    {
        var ledger = await fixture.NewLedgerAsync();

        var result = await ledger.RecordBatchAsync(
        [
            new LedgerCommand(new ModelRegistered("mythos-5", "prov", "Mythos 5", ModelAvailability.Restricted, June)),
            Org("gridco"),
            new LedgerCommand(new PartnerProvisioned("gridco", "mythos-5", June)),
        ]);

        result.Results.Select(r => (r.Position, r.Stream, r.Version)).ShouldBe([(1L, "model-mythos-5", 1L), (2L, "org-gridco", 1L), (3L, "org-gridco", 2L)]);
        await Should.ThrowAsync<LedgerRuleException>(() => ledger.RecordAsync(new LedgerCommand(new PartnerProvisioned("gridco", "mythos-5", June.AddDays(1)))));
    }

    [Fact]
    public async Task the_same_command_id_with_the_same_payload_returns_the_first_result_and_with_another_is_a_conflict()
    {
        var ledger = await fixture.NewLedgerAsync();
        var first = await ledger.RecordAsync(Org("gridco", "reg-gridco"));
        fixture.Clock.Advance(TimeSpan.FromMinutes(5));

        var repeat = await ledger.RecordAsync(Org("gridco", "reg-gridco"));
        var conflict = await Should.ThrowAsync<LedgerRuleException>(() => ledger.RecordAsync(Org("acme", "reg-gridco")));

        repeat.ShouldBe(first with { Repeated = true });
        conflict.Code.ShouldBe(ErrorCodes.IdempotencyConflict);
        (await CountEventsAsync(ledger)).ShouldBe(1);
    }

    [Fact]
    public async Task recorded_at_comes_from_the_clock_and_a_stated_one_may_not_go_backwards_or_ahead_of_it()
    {
        var ledger = await fixture.NewLedgerAsync();
        var now = fixture.Clock.GetUtcNow();

        (await ledger.RecordAsync(Org("gridco"))).RecordedAt.ShouldBe(now);
        var backwards = await Should.ThrowAsync<LedgerRuleException>(() => ledger.RecordAsync(Org("acme") with { RecordedAt = now.AddDays(-1) }));
        var ahead = await Should.ThrowAsync<LedgerRuleException>(() => ledger.RecordAsync(Org("acme") with { RecordedAt = now.AddDays(1) }));

        backwards.Code.ShouldBe(ErrorCodes.RecordedAtOutOfOrder);
        ahead.Code.ShouldBe(ErrorCodes.RecordedAtOutOfOrder);
        (await ledger.RecordAsync(Org("acme") with { RecordedAt = now })).RecordedAt.ShouldBe(now);
    }

    [Fact]
    public async Task racing_writers_on_one_stream_neither_lose_nor_double_an_event()
    {
        var ledger = await fixture.NewLedgerAsync();
        await ledger.RecordBatchAsync(
        [
            Org("gridco"),
            new LedgerCommand(new PersonEnrolled("lena", "gridco", ["DE"], UsPersonStatus.None, "US", June)),
        ]);
        string[] places = ["GB", "FR", "JP", "US", "DE", "IT", "ES", "NL"];

        var writes = places.Select((place, i) => Task.Run(() => ledger.RecordAsync(
            new LedgerCommand(new PersonRelocated("lena", place, June.AddDays(i + 1)), CommandId: $"move-{place}")))).ToArray();
        var results = await Task.WhenAll(writes);

        results.Select(r => r.Version).Order().ShouldBe([2L, 3, 4, 5, 6, 7, 8, 9]);
        var stored = await ledger.ReadEventsAsync(stream: "person-lena").ToListAsync();
        stored.Select(e => e.Version).ShouldBe([1L, 2, 3, 4, 5, 6, 7, 8, 9]);
        (await ledger.ReadEventsAsync().Select(e => e.Position).ToListAsync()).ShouldBe(Enumerable.Range(1, 10).Select(i => (long)i));
    }

    [Fact]
    public async Task rebuilding_the_fact_rows_from_the_raw_events_reproduces_them_byte_for_byte()
    {
        var ledger = await fixture.NewLedgerAsync();
        await ledger.RecordBatchAsync(Infrastructure.Scenario.Commands());
        var before = await SnapshotAsync(ledger);

        await ledger.RebuildFactsAsync();

        var after = await SnapshotAsync(ledger);
        after.Count.ShouldBe(before.Count);
        after.ShouldBe(before);
    }

    [Fact]
    public async Task a_ledger_whose_fact_rows_are_missing_gets_them_back_when_its_schema_is_ensured()
    {
        // A ledger written before the rows existed (timeline documents then): events, no rows. Nothing would be seen.
        var ledger = await fixture.NewLedgerAsync();
        await ledger.RecordBatchAsync(Infrastructure.Scenario.Commands());
        var before = await SnapshotAsync(ledger);
        var at = DateTimeOffset.Parse("2026-06-30T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var answered = (await ledger.WhoCouldAccessAsync("mythos-5", at)).Persons.Select(a => $"{a.Subject.Id}:{a.Decision.Allowed}").ToList();
        await using (var dataSource = Npgsql.NpgsqlDataSource.Create(fixture.ConnectionString))
        await using (var truncate = dataSource.CreateCommand(string.Concat(new[] { "al_fact", "al_subject_fact" }.Select(t =>
            $"alter table {ledger.Schema}.{t} disable trigger al_append_only_truncate; truncate {ledger.Schema}.{t}; alter table {ledger.Schema}.{t} enable trigger al_append_only_truncate;"))))
        {
            await truncate.ExecuteNonQueryAsync();
        }

        (await ledger.WhoCouldAccessAsync("mythos-5", at)).Persons.ShouldBeEmpty();
        (await ledger.DecideAsync("mythos-5", Subject.Person("lena"), at)).Reasons.Select(r => r.Code).ShouldContain(ReasonCodes.UnknownModel);

        await ledger.EnsureSchemaAsync();

        (await SnapshotAsync(ledger)).ShouldBe(before);
        (await ledger.WhoCouldAccessAsync("mythos-5", at)).Persons.Select(a => $"{a.Subject.Id}:{a.Decision.Allowed}").ShouldBe(answered);
        answered.ShouldContain("lena:True");
    }

    [Fact]
    public async Task events_as_known_at_k_are_those_recorded_by_then_oldest_first()
    {
        var ledger = await fixture.NewLedgerAsync();
        await ledger.RecordBatchAsync(Infrastructure.Scenario.Commands());

        var known = await ledger.ReadEventsAsync(knownAt: DateTimeOffset.Parse("2026-06-12T22:35:00Z", System.Globalization.CultureInfo.InvariantCulture)).ToListAsync();

        known.Count.ShouldBe(12);
        known.Last().Type.ShouldBe("provider_suspension_started");
        known.Select(e => e.Position).ShouldBe(Enumerable.Range(1, 12).Select(i => (long)i));
    }

    /// <summary>Every fact row of both tables, each as one line of text, in a fixed order.</summary>
    private async Task<List<string>> SnapshotAsync(Ledger ledger)
    {
        var rows = new List<string>();
        foreach (var (table, order) in new[] { ("al_fact", "position, stream, type, key"), ("al_subject_fact", "position") })
        {
            await using var dataSource = Npgsql.NpgsqlDataSource.Create(fixture.ConnectionString);
            await using var command = dataSource.CreateCommand($"select '{table} ' || t::text from {ledger.Schema}.{table} t order by {order}");
            await using var reader = await command.ExecuteReaderAsync();
            var before = rows.Count;
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }

            (rows.Count - before).ShouldBeGreaterThan(0, table);
        }

        return rows;
    }
}

using AccessLedger.Chain;
using AccessLedger.Decisions;
using AccessLedger.Events;
using AccessLedger.Storage;
using AccessLedger.Tests.Infrastructure;
using AccessLedger.Wire;
using Npgsql;
using Shouldly;

namespace AccessLedger.Tests.Bugs;

/// <summary>
/// Issue 12, findings 3 and 5: the least-privilege writer of docs/tamper-evidence.md could append a backdated
/// <c>ban_lifted</c> with a correct hash, change the state decisions read, or archive events, unseen by verify; and
/// no command ran under the docs' roles. Here the roles are made by <see cref="LedgerRoles.GrantsSql"/>, as the docs
/// tell the owner to, and every attempt is refused by PostgreSQL or named by verify.
/// </summary>
public sealed class Bug_12_writer_cannot_forge_knowledge(LedgerFixture fixture) : IClassFixture<LedgerFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset July7 = new(2026, 7, 7, 0, 0, 0, TimeSpan.Zero);
    private readonly string _writer = $"al_writer_{Guid.NewGuid():N}"[..24];
    private readonly string _auditor = $"al_auditor_{Guid.NewGuid():N}"[..24];
    private Ledger _owner = null!;

    public async Task InitializeAsync()
    {
        _owner = await fixture.NewLedgerAsync(TimeProvider.System);
        await _owner.RecordBatchAsync(Infrastructure.Scenario.Commands());
        await SuperuserAsync($"create role {_writer} login; create role {_auditor} login; {LedgerRoles.GrantsSql(_owner.Schema, _writer, _auditor)}");
    }

    public async Task DisposeAsync()
    {
        await SuperuserAsync($"drop owned by {_writer}, {_auditor}; drop role {_writer}; drop role {_auditor};");
        await _owner.DisposeAsync();
    }

    private string As(string role) => new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { Username = role }.ConnectionString;

    private async Task SuperuserAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<PostgresException> RefusedAsync(string role, string sql)
    {
        await using var connection = new NpgsqlConnection(As(role));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql.Replace("{s}", _owner.Schema, StringComparison.Ordinal), connection);
        return await Should.ThrowAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
    }

    [Fact]
    public async Task the_writer_cannot_append_a_link_that_backdates_knowledge_or_skips_the_head()
    {
        var head = await _owner.GetHeadAsync();
        string Link(long position, string recordedAt, string? previous = null) =>
            "insert into {s}.al_chain (position, event_id, stream, version, recorded_at, hash, previous_hash, command_id, payload_hash) " +
            $"values ({position}, gen_random_uuid(), 'directive-d1', 9, {recordedAt}, '\\x00', '\\x{previous ?? head.Hash}', 'forged', 'forged')";

        (await RefusedAsync(_writer, Link(head.Position + 1, "'2026-07-06T00:00:00Z'"))).SqlState.ShouldBe(ChainGuard.NotTheHead);
        (await RefusedAsync(_writer, Link(head.Position + 2, "now()"))).SqlState.ShouldBe(ChainGuard.NotTheHead);
        (await RefusedAsync(_writer, Link(head.Position, "now()"))).SqlState.ShouldBe(ChainGuard.NotTheHead);
        (await RefusedAsync(_writer, Link(head.Position + 1, "now()", new string('0', 64)))).SqlState.ShouldBe(ChainGuard.NotTheHead);

        // A link at the head, on time, whose event never comes: refused at commit.
        (await RefusedAsync(_writer, Link(head.Position + 1, "now()"))).SqlState.ShouldBe(ChainGuard.Unchained);
        (await _owner.GetHeadAsync()).ShouldBe(head);
    }

    [Fact]
    public async Task the_writer_cannot_slip_an_event_past_the_chain()
    {
        var refused = await RefusedAsync(_writer, """
            insert into {s}.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, headers)
            select nextval('{s}.mt_events_sequence'), gen_random_uuid(), 'directive-d1', 99, jsonb_build_object('directiveId', 'd1', 'validFrom', '2026-06-13T00:00:00Z'),
                   'ban_lifted', timestamp, tenant_id, mt_dotnet_type, headers
            from {s}.mt_events where stream_id = 'directive-d1' and version = 1
            """);

        refused.SqlState.ShouldBe(ChainGuard.Unchained);
        var lena = await _owner.DecideAsync("mythos-5", Subject.Person("lena"), July7.AddDays(-20), knownAt: July7);
        lena.Reasons.ShouldContain(r => r.Code == "legal_ban");
    }

    [Fact]
    public async Task the_writer_cannot_archive_rewrite_or_drop_events_streams_or_subject_rows()
    {
        (await RefusedAsync(_writer, "update {s}.mt_events set is_archived = true where stream_id = 'directive-d1'")).SqlState.ShouldBeOneOf("42501", ChainGuard.RewriteRefused);
        (await RefusedAsync(_writer, "update {s}.mt_streams set is_archived = true where id = 'directive-d1'")).SqlState.ShouldBe(ChainGuard.RewriteRefused);
        (await RefusedAsync(_writer, "update {s}.mt_streams set version = 0 where id = 'person-lena'")).SqlState.ShouldBe(ChainGuard.RewriteRefused);
        (await RefusedAsync(_writer, "delete from {s}.mt_streams where id = 'directive-d1'")).SqlState.ShouldBe("42501");
        (await RefusedAsync(_writer, "update {s}.al_subject_fact set location = 'US'")).SqlState.ShouldBe("42501");
        (await RefusedAsync(_writer, "update {s}.al_fact set valid_from = valid_from + interval '1 year'")).SqlState.ShouldBe("42501");
        (await RefusedAsync(_writer, "delete from {s}.al_fact")).SqlState.ShouldBe("42501");
        (await RefusedAsync(_writer, "truncate {s}.al_subject_fact")).SqlState.ShouldBe("42501");
        (await RefusedAsync(_writer, "truncate {s}.al_chain")).SqlState.ShouldBe("42501");
        (await RefusedAsync(_writer, "alter table {s}.al_chain disable trigger al_link_extends_head")).SqlState.ShouldBe("42501");
        (await _owner.VerifyAsync(checkpoint: null, deep: true)).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task fact_rows_are_append_only_even_for_their_owner()
    {
        foreach (var table in new[] { "al_fact", "al_subject_fact" })
        {
            var update = await Should.ThrowAsync<PostgresException>(() => SuperuserAsync($"update {_owner.Schema}.{table} set valid_from = valid_from - interval '1 year'"));
            update.SqlState.ShouldBe(ChainGuard.RewriteRefused, table);
            (await Should.ThrowAsync<PostgresException>(() => SuperuserAsync($"delete from {_owner.Schema}.{table}"))).SqlState.ShouldBe(ChainGuard.RewriteRefused, table);
            (await Should.ThrowAsync<PostgresException>(() => SuperuserAsync($"truncate {_owner.Schema}.{table}"))).SqlState.ShouldBe(ChainGuard.RewriteRefused, table);
        }

        (await _owner.VerifyAsync(checkpoint: null, deep: true)).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task a_fact_row_the_writer_adds_is_named_by_a_deep_verify()
    {
        // The writer may insert rows (a write does); a forged one — lena enrolled again, now located in the US — is
        // no event's row.
        await using (var connection = new NpgsqlConnection(As(_writer)))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                $"""
                insert into {_owner.Schema}.al_subject_fact (position, version, type, recorded_at, valid_from, person_id, org_id, citizenships, us_person_status, location)
                select 999, version, type, recorded_at, valid_from + interval '1 day', person_id, org_id, citizenships, us_person_status, 'US'
                from {_owner.Schema}.al_subject_fact where person_id = 'lena' and type = 'person_enrolled'
                """,
                connection);
            (await command.ExecuteNonQueryAsync()).ShouldBe(1);
        }

        (await _owner.VerifyAsync()).Intact.ShouldBeTrue("the chain itself is untouched");
        var deep = await _owner.VerifyAsync(checkpoint: null, deep: true);
        deep.Intact.ShouldBeFalse();
        deep.DerivedStateProblems.ShouldContain(p => p.StartsWith("al_subject_fact holds a row for position 999 (person_enrolled)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task an_event_archived_by_a_superuser_is_named_by_verify()
    {
        await SuperuserAsync($"set session_replication_role = replica; update {_owner.Schema}.mt_events set is_archived = true where stream_id = 'directive-d1'");

        var result = await _owner.VerifyAsync();

        result.Intact.ShouldBeFalse();
        result.Problem!.ShouldContain("archived");
    }

    [Fact]
    public async Task the_writer_records_decides_audits_and_verifies_but_cannot_change_the_schema()
    {
        await using var writer = Ledger.Create(As(_writer), _owner.Schema, TimeProvider.System);

        await writer.RecordAsync(new LedgerCommand(new PersonRelocated("lena", "GB", July7), Actor: "hr@gridco"));
        (await writer.DecideAsync("mythos-5", Subject.Person("lena"), July7)).ShouldNotBeNull();
        (await writer.WhoCouldAccessAsync("mythos-5", July7)).Persons.ShouldNotBeEmpty();
        (await writer.VerifyAsync(checkpoint: null, deep: true)).Intact.ShouldBeTrue();

        // With the guard switched off by someone else, the writer can neither write nor put the guard back.
        await SuperuserAsync($"drop trigger al_link_extends_head on {_owner.Schema}.al_chain");
        await Should.ThrowAsync<InvalidOperationException>(() => writer.RecordAsync(new LedgerCommand(new PersonRelocated("lena", "US", July7.AddDays(1)))));
        SqlStateOf(await Should.ThrowAsync<Exception>(() => writer.EnsureSchemaAsync())).ShouldBe("42501");
        await _owner.EnsureSchemaAsync();
        await writer.RecordAsync(new LedgerCommand(new PersonRelocated("lena", "US", July7.AddDays(1))));
    }

    [Fact]
    public async Task the_auditor_decides_audits_and_verifies_but_cannot_write()
    {
        await using var auditor = Ledger.Create(As(_auditor), _owner.Schema, TimeProvider.System);
        var head = await _owner.GetHeadAsync();

        (await auditor.DecideAsync("mythos-5", Subject.Person("lena"), July7)).ShouldNotBeNull();
        (await auditor.WhoCouldAccessAsync("mythos-5", July7)).Persons.ShouldNotBeEmpty();
        (await auditor.ReadEventsAsync().CountAsync()).ShouldBe((int)head.Position);
        (await auditor.VerifyAsync(head, deep: true)).Intact.ShouldBeTrue();
        SqlStateOf(await Should.ThrowAsync<Exception>(() => auditor.RecordAsync(new LedgerCommand(new PersonRelocated("lena", "GB", July7))))).ShouldBe("42501");
        (await _owner.GetHeadAsync()).ShouldBe(head);
    }

    private static string? SqlStateOf(Exception? e) => e switch
    {
        null => null,
        PostgresException p => p.SqlState,
        _ => SqlStateOf(e.InnerException),
    };
}

using DbDataReader = System.Data.Common.DbDataReader;
using AccessLedger.Storage;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;

namespace AccessLedger.Chain;

/// <summary>
/// What PostgreSQL itself enforces on the ledger's tables, whoever writes (docs/tamper-evidence.md):
/// <list type="bullet">
/// <item>events, chain links, Merkle tree nodes, fact rows and streams are never updated, deleted or truncated (a stream's version may
/// grow; it is never archived; a rebuild of the fact rows switches their truncate guard off in its own transaction,
/// which only their owner may do), and Marten's tombstone stream is never made;</item>
/// <item>a chain link extends the head: the next position, the head's hash as its previous hash, a
/// <c>recorded_at</c> not before the head's;</item>
/// <item>at commit, every event has its chain link and every link its event, so nothing reaches <c>mt_events</c>
/// past the ledger (Marten's tombstones of a failed write included).</item>
/// </list>
/// A Marten feature schema, so the guard is created wherever Marten migrates the schema
/// (<see cref="Ledger.EnsureSchemaAsync"/>, <c>db-apply</c>, <c>db-patch</c>), after the event tables it guards.
/// </summary>
internal sealed class ChainGuard(string schema, Migrator migrator) : FeatureSchemaBase("AccessLedgerChainGuard", migrator)
{
    /// <summary>The SQLSTATE of an UPDATE, DELETE or TRUNCATE refused.</summary>
    public const string RewriteRefused = "AL001";

    /// <summary>The SQLSTATE of a chain link that does not extend the head.</summary>
    public const string NotTheHead = "AL002";

    /// <summary>The SQLSTATE of an event without its chain link, or a link without its event, at commit.</summary>
    public const string Unchained = "AL003";

    // Bumped whenever a function body below changes, so an older guard is replaced by migrate.
    private const string Version = "al-guard-v4";

    /// <summary>Every trigger of the guard, as (table, trigger).</summary>
    private static readonly (string Table, string Trigger)[] Triggers =
    [
        ("mt_events", "al_append_only"), ("mt_events", "al_append_only_truncate"), ("mt_events", "al_event_is_chained"),
        (LedgerSchema.ChainTable, "al_append_only"), (LedgerSchema.ChainTable, "al_append_only_truncate"),
        (LedgerSchema.ChainTable, "al_link_extends_head"), (LedgerSchema.ChainTable, "al_link_has_event"),
        ("mt_streams", "al_stream_kept"), ("mt_streams", "al_append_only_truncate"),
        (InstrumentFacts.Table, "al_append_only"), (InstrumentFacts.Table, "al_append_only_truncate"),
        (SubjectFacts.Table, "al_append_only"), (SubjectFacts.Table, "al_append_only_truncate"),
        (MerkleNodes.Table, "al_append_only"), (MerkleNodes.Table, "al_append_only_truncate"),
        (CheckpointLog.Table, "al_append_only"), (CheckpointLog.Table, "al_append_only_truncate"),
        (DecisionLog.Table, "al_append_only"), (DecisionLog.Table, "al_append_only_truncate"),
    ];

    /// <summary>The tables of proofs (the Merkle tree's nodes, the checkpoints issued, the decision log), append-only like the events: never rebuilt, only extended.</summary>
    public static readonly string[] ProofTables = [MerkleNodes.Table, CheckpointLog.Table, DecisionLog.Table];

    /// <summary>The tables a rebuild rewrites: their truncate guard is switched off inside the rebuild's own transaction, which only their owner can do.</summary>
    public static readonly string[] FactTables = [InstrumentFacts.Table, SubjectFacts.Table];

    private static readonly string[] Functions = ["al_refuse_rewrite", "al_keep_stream", "al_extend_head", "al_require_link", "al_require_event"];

    /// <summary>
    /// One row per trigger of the guard that is missing or disabled on <c>@schema</c>: a writer checks it under
    /// its lock and refuses to write on a schema whose guard is not in force (made without <c>migrate</c>, or switched off).
    /// </summary>
    public static string MissingTriggersSql(string schema) => $"""
        select w.tbl || '.' || w.trg from unnest(@guard_tables::text[], @guard_triggers::text[]) as w(tbl, trg)
        where not exists (
          select 1 from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = '{schema}' and c.relname = w.tbl and t.tgname = w.trg and t.tgenabled in ('O', 'A'))
        """;

    /// <summary>
    /// How many of the guard's triggers are in force on <c>@schema</c>: the check a writer makes under its lock, a
    /// probe of pg_trigger's index per table (a write pays ~0.1 ms, not the catalog join of <see cref="MissingTriggersSql"/>,
    /// which only names what is missing when this count falls short of <see cref="TriggerCount"/>).
    /// </summary>
    public static string InForceCountSql(string schema) => $"""
        select count(*)::int from pg_trigger t
        where t.tgrelid in ({string.Join(", ", GuardTables.Distinct().Select(table => $"to_regclass('{schema}.{table}')"))})
          and t.tgname = any(@guard_triggers) and t.tgenabled in ('O', 'A')
        """;

    /// <summary>The number of triggers of the guard.</summary>
    public static int TriggerCount => Triggers.Length;

    /// <summary>The tables of <see cref="MissingTriggersSql"/>'s <c>@guard_tables</c> parameter.</summary>
    public static string[] GuardTables { get; } = [.. Triggers.Select(t => t.Table)];

    /// <summary>The triggers of <see cref="MissingTriggersSql"/>'s <c>@guard_triggers</c> parameter.</summary>
    public static string[] GuardTriggers { get; } = [.. Triggers.Select(t => t.Trigger)];

    /// <inheritdoc />
    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        yield return new GuardObject(schema);
    }

    /// <summary>The functions and triggers, as one object Weasel can compare with the database and create.</summary>
    private sealed class GuardObject(string schema) : ISchemaObject
    {
        public DbObjectName Identifier { get; } = new PostgresqlObjectName(schema, "al_chain_guard", SchemaUtils.IdentifierUsage.General);

        public void WriteCreateStatement(Migrator migrator, TextWriter writer)
        {
            var s = schema;
            writer.WriteLine($$"""
                create or replace function {{s}}.al_refuse_rewrite() returns trigger language plpgsql as $guard$
                begin -- {{Version}}
                  raise exception 'AccessLedger is append-only: % on %.% is refused', tg_op, tg_table_schema, tg_table_name
                    using errcode = '{{RewriteRefused}}';
                end
                $guard$;

                create or replace function {{s}}.al_keep_stream() returns trigger language plpgsql as $guard$
                begin -- {{Version}}
                  if tg_op = 'INSERT' then
                    -- Marten's stream for the tombstones of a failed write: the ledger keeps no trace of what failed.
                    if new.id = 'mt_tombstone' or new.is_archived then
                      raise exception 'AccessLedger is append-only: stream % is not of the ledger', new.id using errcode = '{{Unchained}}';
                    end if;
                    return new;
                  end if;
                  if tg_op = 'DELETE' or new.is_archived or new.id <> old.id or new.version < old.version then
                    raise exception 'AccessLedger is append-only: streams are never deleted, archived or rewound (% on %.%)', tg_op, tg_table_schema, tg_table_name
                      using errcode = '{{RewriteRefused}}';
                  end if;
                  return new;
                end
                $guard$;

                create or replace function {{s}}.al_extend_head() returns trigger language plpgsql as $guard$
                declare
                  head record;
                begin -- {{Version}}
                  select c.position, c.hash, c.recorded_at into head from {{s}}.{{LedgerSchema.ChainTable}} c order by c.position desc limit 1;
                  if new.position <> coalesce(head.position, 0) + 1 then
                    raise exception 'AccessLedger chain: position % does not follow the head (%)', new.position, coalesce(head.position, 0)
                      using errcode = '{{NotTheHead}}';
                  end if;
                  if new.previous_hash is distinct from coalesce(head.hash, decode(repeat('00', 32), 'hex')) then
                    raise exception 'AccessLedger chain: the link at position % does not name the head''s hash as its previous hash', new.position
                      using errcode = '{{NotTheHead}}';
                  end if;
                  if new.recorded_at < head.recorded_at then
                    raise exception 'AccessLedger chain: recorded_at % at position % is before the head''s %; knowledge time never goes backwards', new.recorded_at, new.position, head.recorded_at
                      using errcode = '{{NotTheHead}}';
                  end if;
                  return new;
                end
                $guard$;

                create or replace function {{s}}.al_require_link() returns trigger language plpgsql as $guard$
                begin -- {{Version}}
                  if new.is_archived or not exists (
                      select 1 from {{s}}.{{LedgerSchema.ChainTable}} c where c.event_id = new.id and c.stream = new.stream_id and c.version = new.version) then
                    raise exception 'AccessLedger: event % (% v%) has no link in the chain; events are written by the ledger only', new.id, new.stream_id, new.version
                      using errcode = '{{Unchained}}';
                  end if;
                  return null;
                end
                $guard$;

                create or replace function {{s}}.al_require_event() returns trigger language plpgsql as $guard$
                begin -- {{Version}}
                  if not exists (select 1 from {{s}}.mt_events e where e.stream_id = new.stream and e.version = new.version and e.id = new.event_id) then
                    raise exception 'AccessLedger: the chain link at position % names no stored event', new.position
                      using errcode = '{{Unchained}}';
                  end if;
                  return null;
                end
                $guard$;

                {{DropTriggers()}}
                create trigger al_append_only before update or delete on {{s}}.mt_events for each row execute function {{s}}.al_refuse_rewrite();
                create trigger al_append_only_truncate before truncate on {{s}}.mt_events for each statement execute function {{s}}.al_refuse_rewrite();
                create constraint trigger al_event_is_chained after insert on {{s}}.mt_events deferrable initially deferred for each row execute function {{s}}.al_require_link();
                create trigger al_append_only before update or delete on {{s}}.{{LedgerSchema.ChainTable}} for each row execute function {{s}}.al_refuse_rewrite();
                create trigger al_append_only_truncate before truncate on {{s}}.{{LedgerSchema.ChainTable}} for each statement execute function {{s}}.al_refuse_rewrite();
                create trigger al_link_extends_head before insert on {{s}}.{{LedgerSchema.ChainTable}} for each row execute function {{s}}.al_extend_head();
                create constraint trigger al_link_has_event after insert on {{s}}.{{LedgerSchema.ChainTable}} deferrable initially deferred for each row execute function {{s}}.al_require_event();
                create trigger al_stream_kept before insert or update or delete on {{s}}.mt_streams for each row execute function {{s}}.al_keep_stream();
                create trigger al_append_only_truncate before truncate on {{s}}.mt_streams for each statement execute function {{s}}.al_refuse_rewrite();
                {{string.Join(Environment.NewLine, FactTables.Concat(ProofTables).Select(t => $"""
                    create trigger al_append_only before update or delete on {s}.{t} for each row execute function {s}.al_refuse_rewrite();
                    create trigger al_append_only_truncate before truncate on {s}.{t} for each statement execute function {s}.al_refuse_rewrite();
                    """))}}
                """);
        }

        public void WriteDropStatement(Migrator rules, TextWriter writer)
        {
            writer.WriteLine(DropTriggers());
            foreach (var function in Functions)
            {
                writer.WriteLine($"drop function if exists {schema}.{function}();");
            }
        }

        private string DropTriggers() =>
            string.Join(Environment.NewLine, Triggers.Select(t => $"drop trigger if exists {t.Trigger} on {schema}.{t.Table};"));

        public void ConfigureQueryCommand(DbCommandBuilder builder)
        {
            // What is in force: each trigger enabled on its table, each function at this version.
            builder.Append($"""
                select c.relname || '.' || t.tgname from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = '{schema}' and t.tgname like 'al\_%' and t.tgenabled in ('O', 'A') and not t.tgisinternal
                union all
                select 'function ' || p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                where n.nspname = '{schema}' and p.proname like 'al\_%' and position('{Version}' in p.prosrc) > 0;
                """);
        }

        public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default)
        {
            var found = new HashSet<string>(StringComparer.Ordinal);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                found.Add(await reader.GetFieldValueAsync<string>(0, ct).ConfigureAwait(false));
            }

            var expected = Triggers.Select(t => $"{t.Table}.{t.Trigger}").Concat(Functions.Select(f => $"function {f}"));
            var difference = found.Count == 0 ? SchemaPatchDifference.Create
                : expected.All(found.Contains) ? SchemaPatchDifference.None
                : SchemaPatchDifference.Update;
            return new SchemaObjectDelta(this, difference);
        }

        public IEnumerable<DbObjectName> AllNames()
        {
            yield return Identifier;
        }
    }
}

namespace AccessLedger.Storage;

/// <summary>
/// Makes PostgreSQL itself refuse UPDATE, DELETE and TRUNCATE on the ledger's events and on the chain, whoever asks
/// (Marten's archiving, compaction, masking or event replacement included). Only a superuser who switches the
/// triggers off (e.g. <c>session_replication_role = replica</c>) gets past it, and <see cref="Ledger.VerifyAsync"/>
/// then shows what changed. See docs/tamper-evidence.md for a least-privilege writer role.
/// </summary>
internal static class AppendOnlyGuard
{
    /// <summary>The SQLSTATE the guard raises.</summary>
    public const string SqlState = "AL001";

    public static string Sql(string schema) => $$"""
        create or replace function {{schema}}.al_refuse_rewrite() returns trigger language plpgsql as $guard$
        begin
          raise exception 'AccessLedger is append-only: % on %.% is refused', tg_op, tg_table_schema, tg_table_name
            using errcode = '{{SqlState}}';
        end
        $guard$;
        {{Triggers(schema, "mt_events")}}
        {{Triggers(schema, LedgerSchema.ChainTable)}}
        """;

    private static string Triggers(string schema, string table) => $"""
        drop trigger if exists al_append_only on {schema}.{table};
        create trigger al_append_only before update or delete on {schema}.{table} for each row execute function {schema}.al_refuse_rewrite();
        drop trigger if exists al_append_only_truncate on {schema}.{table};
        create trigger al_append_only_truncate before truncate on {schema}.{table} for each statement execute function {schema}.al_refuse_rewrite();
        """;
}

namespace AccessLedger.Storage;

/// <summary>
/// The least-privilege roles of docs/tamper-evidence.md, as SQL the schema's owner runs after
/// <see cref="Ledger.EnsureSchemaAsync"/>: a writer that records and reads, and an auditor that only reads
/// (decisions, audits, verify). Neither may run DDL, switch a trigger off, or update, delete or truncate the events,
/// the chain or the fact rows (the database guard refuses it to every role besides; a deep verification compares the
/// fact rows with the events). The writer updates only Marten's stream table (a stream's version).
/// </summary>
public static class LedgerRoles
{
    /// <summary>The GRANT statements for <paramref name="writer"/> and <paramref name="auditor"/> on <paramref name="schema"/> (roles that exist already).</summary>
    public static string GrantsSql(string schema, string writer, string auditor)
    {
        LedgerSchema.CheckSchemaName(schema);
        LedgerSchema.CheckSchemaName(writer, "role");
        LedgerSchema.CheckSchemaName(auditor, "role");
        return $"""
            grant usage on schema {schema} to {writer}, {auditor};
            grant select on all tables in schema {schema} to {writer}, {auditor};
            grant insert, update on all tables in schema {schema} to {writer};
            revoke update on {schema}.mt_events, {schema}.{LedgerSchema.ChainTable}, {schema}.{SubjectFacts.Table}, {schema}.{InstrumentFacts.Table}, {string.Join(", ", Chain.ChainGuard.ProofTables.Select(t => $"{schema}.{t}"))} from {writer};
            grant usage, select on all sequences in schema {schema} to {writer};
            grant execute on all functions in schema {schema} to {writer};
            """;
    }
}

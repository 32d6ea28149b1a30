using System.Text.Json;
using AccessLedger.Decisions;
using AccessLedger.Diagnostics;
using AccessLedger.Rules;
using AccessLedger.Storage;
using AccessLedger.Timelines;
using Npgsql;

namespace AccessLedger;

public sealed partial class Ledger
{
    /// <summary>
    /// Decides whether <paramref name="subject"/> may use <paramref name="modelId"/> at valid time
    /// <paramref name="at"/>, as the ledger knew it at <paramref name="knownAt"/> (null: as known now). One query
    /// reads the state the decision needs, whatever the length of the ledger.
    /// </summary>
    public async Task<Decision> DecideAsync(string modelId, Subject subject, DateTimeOffset at, DateTimeOffset? knownAt = null, CancellationToken cancellationToken = default)
    {
        using var activity = LedgerTelemetry.StartDecision(_schema, modelId);
        var started = _time.GetTimestamp();
        subject = Normalize(subject);
        var (state, checkpoint) = await LoadDecisionStateAsync(modelId, subject, cancellationToken).ConfigureAwait(false);
        var decision = Decider.Decide(state, modelId, subject, at, knownAt) with { Checkpoint = checkpoint };
        LedgerTelemetry.Decided(activity, _schema, decision, _time.GetElapsedTime(started));
        return decision;
    }

    private static Subject Normalize(Subject subject) => subject switch
    {
        AdHocSubject a => a with
        {
            Citizenships = a.Citizenships.Select(c => FieldRules.CheckCountry("citizenship", c)).ToArray(),
            Location = FieldRules.CheckCountry("location", a.Location),
        },
        _ => subject,
    };

    /// <summary>Reads, in one round trip, the timelines a decision about the model and subject needs, and the ledger head.</summary>
    internal async Task<(DecisionState State, LedgerCheckpoint Checkpoint)> LoadDecisionStateAsync(string modelId, Subject subject, CancellationToken cancellationToken)
    {
        var s = _schema;
        // Every branch is a primary-key lookup: ids come from the model's and person's lists as arrays, so the
        // planner never scans a table (EXPLAIN ANALYZE in benchmarks/README.md).
        var sql = $"""
            with m as (select data from {s}.mt_doc_model_timeline where id = @model),
                 p as (select data from {s}.mt_doc_person_timeline where id = @person),
                 x as (select e.data from {s}.mt_doc_exception_timeline e where e.id = any(array(select jsonb_array_elements_text(m.data -> 'exceptionIds') from m)))
            select 'model', data from m
            union all select 'person', data from p
            union all select 'org', o.data from {s}.mt_doc_organization_timeline o where o.id = @org
            union all select 'org', o.data from {s}.mt_doc_organization_timeline o where o.id = any(array(select jsonb_array_elements_text(p.data -> 'orgIds') from p))
            union all select 'directive', d.data from {s}.mt_doc_directive_timeline d where d.id = any(array(select jsonb_array_elements_text(m.data -> 'directiveIds') from m))
            union all select 'exception', data from x
            union all select 'safeguard', g.data from {s}.mt_doc_safeguard_timeline g where g.id = any(array(select jsonb_array_elements_text(x.data -> 'requiredSafeguardIds') from x))
            union all select 'suspension', u.data from {s}.mt_doc_suspension_timeline u where u.id = any(array(select jsonb_array_elements_text(m.data -> 'suspensionIds') from m))
            union all (select 'head', jsonb_build_object('position', position, 'hash', encode(hash, 'hex')) from {s}.{LedgerSchema.ChainTable} order by position desc limit 1)
            """;
        // Prepared once per physical connection (Npgsql keeps it across pooled uses): no planning per decision.
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("model", modelId);
        command.Parameters.AddWithValue("person", (subject as EnrolledPerson)?.PersonId ?? "");
        command.Parameters.AddWithValue("org", (subject as AdHocSubject)?.OrgId ?? "");
        await command.PrepareAsync(cancellationToken).ConfigureAwait(false);

        ModelTimeline? model = null;
        PersonTimeline? person = null;
        var organizations = new Dictionary<string, OrganizationTimeline>();
        var directives = new Dictionary<string, DirectiveTimeline>();
        var exceptions = new Dictionary<string, ExceptionTimeline>();
        var safeguards = new Dictionary<string, SafeguardTimeline>();
        var suspensions = new Dictionary<string, SuspensionTimeline>();
        var checkpoint = new LedgerCheckpoint(0, Convert.ToHexStringLower(Chain.ChainHasher.Genesis.Span));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var json = reader.GetString(1);
            switch (reader.GetString(0))
            {
                case "model": model = Read<ModelTimeline>(json); break;
                case "person": person = Read<PersonTimeline>(json); break;
                case "org": Put(organizations, Read<OrganizationTimeline>(json)); break;
                case "directive": Put(directives, Read<DirectiveTimeline>(json)); break;
                case "exception": Put(exceptions, Read<ExceptionTimeline>(json)); break;
                case "safeguard": Put(safeguards, Read<SafeguardTimeline>(json)); break;
                case "suspension": Put(suspensions, Read<SuspensionTimeline>(json)); break;
                case "head": checkpoint = JsonSerializer.Deserialize<LedgerCheckpoint>(json, LedgerSchema.StorageJson)!; break;
            }
        }

        var state = new DecisionState
        {
            Model = model,
            Person = person,
            Organizations = organizations,
            Directives = directives,
            Exceptions = exceptions,
            Safeguards = safeguards,
            Suspensions = suspensions,
        };
        return (state, checkpoint);

        static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, LedgerSchema.StorageJson)!;
        static void Put<T>(Dictionary<string, T> into, T timeline) where T : Timeline => into[timeline.Id] = timeline;
    }
}

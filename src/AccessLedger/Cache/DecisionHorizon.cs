using AccessLedger.Events;
using AccessLedger.Storage;
using Npgsql;

namespace AccessLedger.Cache;

/// <summary>
/// A decision's horizon: the first instant after its valid time T at which a fact it could read starts (a
/// <c>validFrom</c>: a future-dated lift, amendment, relocation, deprovisioning, …) or ends (a <c>validTo</c> of a ban,
/// exception or safeguard), among the facts recorded by K of the instruments that name the model (with the
/// safeguards their exceptions require) and of the subject and its organizations. The decision reads only facts in
/// effect at T, so facts starting later are found here, by the same indexes. Until the horizon, nothing the decider
/// compares with T changes: the answer at a later T (same K) is the same. It may be earlier than needed (a fact that
/// changes nothing), never later.
/// </summary>
internal static class DecisionHorizon
{
    private static readonly string ValidTo = InstrumentFacts.Json(nameof(BanIssued.ValidTo));
    private static readonly string RequiresSafeguards = InstrumentFacts.Json(nameof(ExceptionGranted.RequiresSafeguards));

    // The facts that carry a validTo (their kinds declare it): issues, grants, certifications, suspensions with a
    // scheduled end, validity changes.
    private static readonly string[] Expiring = [.. EventCatalog.Kinds.Where(k => k.HasValidTo).Select(k => k.WireName)];
    private static readonly string[] Classifying = [.. EventCatalog.Kinds.Where(k => k.Timeline == Timelines.TimelineKind.Model && k.Keys.Any(key => key.Names == KeyKind.Class)).Select(k => k.WireName)];

    /// <summary>The statement, with the parameters of the decision's own (<c>@model, @person, @org, @at, @known_at, @notice</c>): one value, null when none.</summary>
    public static string Sql(string schema) => $"""
        with recursive
             o as (select @org::text as org_id where @org::text <> ''
                   union select org_id from {schema}.{SubjectFacts.Table} where person_id = @person and type = 'person_enrolled' and recorded_at <= @known_at),
             aff as ({InstrumentFacts.AffiliateBans(schema)}),
             a(org_id) as ({SubjectFacts.OwnersAbove(schema, "o", "a")}),
             c as (select key from {schema}.{InstrumentFacts.Table} where stream = 'model-' || @model and key <> ''
                   and type = any(array[{string.Join(", ", Classifying.Select(t => $"'{t}'"))}]) and {InstrumentFacts.KnownBy(InstrumentFacts.Table)}),
             n as (select distinct stream from {schema}.{InstrumentFacts.Table} where (key = @model or key = any(array(select key from c))) and {InstrumentFacts.KnownBy(InstrumentFacts.Table)}
                   union select 'model-' || @model),
             g as (select distinct 'safeguard-' || jsonb_array_elements_text(e.data -> '{RequiresSafeguards}') as stream
                   from {schema}.{InstrumentFacts.Table} f join {schema}.mt_events e on e.stream_id = f.stream and e.version = f.version
                   where f.type = 'exception_granted' and f.key = '' and f.stream = any(array(select stream from n)) and {InstrumentFacts.KnownBy("f")}),
             gr as ({InstrumentFacts.GroupsOf(schema, "n")}),
             s as (select stream from n union select stream from g union select stream from gr)
        select min(t) from (
          select f.valid_from as t from {schema}.{InstrumentFacts.Table} f
          where f.stream = any(array(select stream from s)) and f.key = '' and {InstrumentFacts.KnownBy("f")} and f.valid_from > @at
          union all
          select (e.data ->> '{ValidTo}')::timestamptz from {schema}.{InstrumentFacts.Table} f
          join {schema}.mt_events e on e.stream_id = f.stream and e.version = f.version
          where f.stream = any(array(select stream from s)) and f.key = '' and f.type = any(array[{string.Join(", ", Expiring.Select(t => $"'{t}'"))}])
            and {InstrumentFacts.KnownBy("f")}
          union all
          select valid_from from {schema}.{SubjectFacts.Table}
          where person_id = @person and recorded_at <= @known_at and valid_from > @at
          union all
          select valid_from from {schema}.{SubjectFacts.Table}
          where person_id is null and org_id = any(array(select org_id from a)) and recorded_at <= @known_at and valid_from > @at
        ) x
        where t > @at
        """;

    /// <summary>Reads the horizon from a reader positioned before the result of <see cref="Sql"/>.</summary>
    public static async Task<DateTimeOffset?> ReadAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return reader.IsDBNull(0) ? null : reader.GetFieldValue<DateTimeOffset>(0);
    }
}

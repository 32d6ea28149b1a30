using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using AccessLedger.Events;
using AccessLedger.Timelines;
using Npgsql;
using Weasel.Postgresql.Tables;

namespace AccessLedger.Storage;

/// <summary>
/// The facts of the instruments — models, bans, exceptions, safeguards, suspensions, negotiations — as rows: one
/// row per event with an empty key (its stream's history), and one more per entity the event names (the models a
/// ban covers or an amendment adds or removes, the organizations an exception amendment names, ...), each with both
/// clocks. A row holds where the fact is and when it holds; what it says is the event itself, read from
/// <c>mt_events</c> by (stream, version): each fact has one representation. A decision selects only the rows its
/// (model, subject, T, K) can use, by index, so what it reads is bounded by the instruments that name the model,
/// not by their histories.
/// </summary>
internal static class InstrumentFacts
{
    /// <summary>The table.</summary>
    public const string Table = "al_fact";

    /// <summary>The table's columns, in the order of the insert and of <see cref="ExpectedRowsSql"/>.</summary>
    public const string ColumnList = "stream, type, key, position, version, recorded_at, valid_from";

    /// <summary>
    /// The lists of ids each event type names, by their JSON property names: the one home of the keys, read by the
    /// write path (<see cref="Rows"/>) and by the rebuild's SQL alike.
    /// </summary>
    private static readonly FrozenDictionary<string, string[]> KeyLists = new Dictionary<string, string[]>
    {
        ["provider_suspension_started"] = [Json(nameof(ProviderSuspensionStarted.Models))],
        ["provider_suspension_lifted"] = [Json(nameof(ProviderSuspensionLifted.Models))],
        ["ban_issued"] = [Json(nameof(BanIssued.Models))],
        ["ban_amended"] = [Json(nameof(BanAmended.AddModels)), Json(nameof(BanAmended.RemoveModels))],
        ["negotiation_opened"] = [Json(nameof(NegotiationOpened.DirectiveIds))],
        ["exception_granted"] = [Json(nameof(ExceptionGranted.Models))],
        ["exception_amended"] = [Json(nameof(ExceptionAmended.AddOrganizations)), Json(nameof(ExceptionAmended.RemoveOrganizations))],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // JSON names in the SQL come from the records' own properties, so a rename cannot break a query silently.
    private static readonly string ValidFrom = Json(nameof(ILedgerEvent.ValidFrom));
    private static readonly string RequiresSafeguards = Json(nameof(ExceptionGranted.RequiresSafeguards));

    /// <summary>The wire types kept here: every event but those of persons and organizations.</summary>
    public static readonly string[] Types = [.. EventCatalog.WireNames.Where(t => !SubjectFacts.IsSubjectType(t))];

    private static readonly FrozenDictionary<Type, Func<ILedgerEvent, IEnumerable<string>>> KeysOf =
        Types.ToFrozenDictionary(t => EventCatalog.TypeOf(t)!, t => Accessor(EventCatalog.TypeOf(t)!, KeyLists.GetValueOrDefault(t) ?? []));

    /// <summary>The table's definition, for Marten's schema management.</summary>
    public static Table Definition(string schema)
    {
        var table = new Table(new Weasel.Postgresql.PostgresqlObjectName(schema, Table, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("stream").AsPrimaryKey();
        table.AddColumn<string>("type").AsPrimaryKey();
        table.AddColumn<string>("key").AsPrimaryKey();
        table.AddColumn<long>("position").AsPrimaryKey();
        table.AddColumn<long>("version").NotNull();
        table.AddColumn("recorded_at", "timestamptz").NotNull();
        table.AddColumn("valid_from", "timestamptz").NotNull();

        // Which instruments name an entity: the bans and exceptions of a model, the negotiations of a ban.
        table.Indexes.Add(new IndexDefinition("al_fact_key") { Columns = ["key", "type", "stream"] });
        return table;
    }

    /// <summary>Whether the event is kept here.</summary>
    public static bool IsInstrumentFact(ILedgerEvent e) => KeysOf.ContainsKey(e.GetType());

    /// <summary>The rows of one recorded event: its own (key "") and one per id it names.</summary>
    public static IEnumerable<(EventRef Ref, string Key)> Rows(ILedgerEvent e, EventRef at) =>
        KeysOf[e.GetType()](e).Distinct(StringComparer.Ordinal).Prepend("").Select(key => (at, key));

    /// <summary>Queues one statement that inserts the rows of these recorded events (others are left out).</summary>
    public static void Queue(Marten.IDocumentOperations operations, string schema, IEnumerable<(ILedgerEvent Event, EventRef Ref)> events)
    {
        var rows = events.Where(e => IsInstrumentFact(e.Event)).SelectMany(e => Rows(e.Event, e.Ref)).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        operations.QueueSqlCommand(
            $"insert into {schema}.{Table} ({ColumnList}) " +
            "select * from unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::timestamptz[], ?::timestamptz[])",
            rows.Select(r => r.Ref.Stream).ToArray(),
            rows.Select(r => r.Ref.Type).ToArray(),
            rows.Select(r => r.Key).ToArray(),
            rows.Select(r => r.Ref.Position).ToArray(),
            rows.Select(r => r.Ref.Version).ToArray(),
            rows.Select(r => r.Ref.RecordedAt).ToArray(),
            rows.Select(r => r.Ref.ValidFrom).ToArray());
    }

    /// <summary>
    /// The rows of every chained event, computed in the database from <c>al_chain</c> and <c>mt_events</c>: what a
    /// rebuild inserts and what a deep verification compares with the table.
    /// </summary>
    public static string ExpectedRowsSql(string schema)
    {
        var keys = string.Join(
            " ",
            KeyLists.Select(x => $"when '{x.Key}' then {string.Join(" || ", x.Value.Select(property => $"coalesce(e.data -> '{property}', '[]'::jsonb)"))}"));
        return $"""
            select c.stream, e.type, k.key, c.position, c.version, c.recorded_at, (e.data ->> '{ValidFrom}')::timestamptz
            from {schema}.{LedgerSchema.ChainTable} c
            join {schema}.mt_events e on e.id = c.event_id
            cross join lateral (select '' as key union select jsonb_array_elements_text(case e.type {keys} else '[]'::jsonb end)) k
            where e.type = any(array[{string.Join(", ", Types.Select(t => $"'{t}'"))}])
            """;
    }

    /// <summary>The columns a read of facts returns, in the order <see cref="Read"/> reads them (the event's JSON last).</summary>
    private const string ReadColumns = "f.stream, f.version, f.type, f.recorded_at, f.valid_from, f.position, e.data";

    /// <summary>The whole history of some streams (<c>@streams</c>), in ledger order: what the write rules and audits fold.</summary>
    public static string SelectStreams(string schema) => $"""
        select {ReadColumns} from {schema}.{Table} f
        join {schema}.mt_events e on e.stream_id = f.stream and e.version = f.version
        where f.stream = any(@streams) and f.key = ''
        order by f.position
        """;

    /// <summary>
    /// The instruments an audit of <c>@model</c> (every model when null) folds, whole: the models, the bans,
    /// exceptions and suspensions that ever named one of them, the safeguards those exceptions require, and the
    /// negotiations about those bans; in ledger order.
    /// </summary>
    public static string SelectAudit(string schema) => $"""
        with m as (select distinct f.stream, substr(f.stream, 7) as id from {schema}.{Table} f
                   where f.type = 'model_registered' and f.key = '' and (@model::text is null or f.stream = 'model-' || @model)),
             n as (select distinct f.stream from {schema}.{Table} f join m on f.key = m.id
                   where f.type in ('ban_issued', 'ban_amended', 'exception_granted', 'provider_suspension_started')),
             g as (select distinct 'safeguard-' || jsonb_array_elements_text(e.data -> '{RequiresSafeguards}') as stream
                   from {schema}.{Table} f join {schema}.mt_events e on e.stream_id = f.stream and e.version = f.version
                   where f.type = 'exception_granted' and f.key = '' and f.stream in (select stream from n)),
             o as (select distinct f.stream from {schema}.{Table} f
                   where f.type = 'negotiation_opened' and f.key in (select substr(stream, 11) from n where stream like 'directive-%')),
             s as (select stream from m union select stream from n union select stream from g union select stream from o)
        select {ReadColumns} from {schema}.{Table} f
        join {schema}.mt_events e on e.stream_id = f.stream and e.version = f.version
        where f.key = '' and f.stream in (select stream from s)
        order by f.position
        """;

    /// <summary>
    /// The facts one decision about <c>@model</c> at valid time <c>@at</c> as known at <c>@known_at</c> can use,
    /// found by index: the model's registrations; the issue of each ban that names it, the amendments in effect that
    /// name it, and the ban's lifts in effect; the grant of each exception that names it, its amendments in effect
    /// naming one of the subject's organizations (<c>@org</c>, or those <c>@person</c> was enrolled with), its
    /// revocations in effect (never the amendments' own rows, key '': an empty <c>@org</c> names no one); the certification and
    /// withdrawals of each safeguard those grants require; the start of each suspension that names it and the lifts
    /// in effect. Opening facts are read whatever their validFrom (a decision says "starts on ..."). Ledger order.
    /// </summary>
    public static string SelectDecision(string schema) => $"""
        with o as (select @org::text as org_id where @org::text <> ''
                   union select org_id from {schema}.{SubjectFacts.Table} where person_id = @person and type = 'person_enrolled' and recorded_at <= @known_at),
             d as (select distinct stream from {schema}.{Table} where key = @model and type in ('ban_issued', 'ban_amended') and recorded_at <= @known_at),
             x as (select distinct stream from {schema}.{Table} where key = @model and type = 'exception_granted' and recorded_at <= @known_at),
             u as (select distinct stream from {schema}.{Table} where key = @model and type = 'provider_suspension_started' and recorded_at <= @known_at),
             g as (select distinct 'safeguard-' || jsonb_array_elements_text(e.data -> '{RequiresSafeguards}') as stream
                   from {schema}.{Table} f join {schema}.mt_events e on e.stream_id = f.stream and e.version = f.version
                   where f.type = 'exception_granted' and f.key = '' and f.stream = any(array(select stream from x)) and f.recorded_at <= @known_at),
             picked as (
               select * from {schema}.{Table} f where f.stream = 'model-' || @model and f.key = '' and f.recorded_at <= @known_at
               union all
               select * from {schema}.{Table} f where f.stream = any(array(select stream from d))
                 and f.recorded_at <= @known_at and f.key = '' and (f.type = 'ban_issued' or (f.type = 'ban_lifted' and f.valid_from <= @at))
               union all
               select * from {schema}.{Table} f where f.stream = any(array(select stream from d))
                 and f.type = 'ban_amended' and f.key = @model and f.recorded_at <= @known_at and f.valid_from <= @at
               union all
               select * from {schema}.{Table} f where f.stream = any(array(select stream from x))
                 and f.recorded_at <= @known_at and f.key = '' and (f.type = 'exception_granted' or (f.type = 'exception_revoked' and f.valid_from <= @at))
               union all
               select * from {schema}.{Table} f where f.stream = any(array(select stream from x))
                 and f.type = 'exception_amended' and f.key = any(array(select org_id from o)) and f.recorded_at <= @known_at and f.valid_from <= @at
               union all
               select * from {schema}.{Table} f where f.stream = any(array(select stream from g))
                 and f.recorded_at <= @known_at and f.key = '' and (f.type = 'safeguard_certified' or (f.type = 'safeguard_withdrawn' and f.valid_from <= @at))
               union all
               select * from {schema}.{Table} f where f.stream = any(array(select stream from u))
                 and f.recorded_at <= @known_at and f.key = '' and (f.type = 'provider_suspension_started' or (f.type = 'provider_suspension_lifted' and f.valid_from <= @at))
             )
        select distinct on (f.position) {ReadColumns}
        from picked f
        join {schema}.mt_events e on e.stream_id = f.stream and e.version = f.version
        order by f.position
        """;

    /// <summary>Reads the row the reader is on (a read of <see cref="SelectStreams"/>, <see cref="SelectAudit"/> or <see cref="SelectDecision"/>).</summary>
    public static (ILedgerEvent Event, EventRef Ref) Read(NpgsqlDataReader reader)
    {
        var type = reader.GetString(2);
        var clrType = EventCatalog.TypeOf(type) ?? throw new InvalidOperationException($"{Table} holds a fact of type '{type}', which is not of the contract.");
        var at = new EventRef(reader.GetString(0), reader.GetInt64(1), type, reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4), reader.GetInt64(5));
        return ((ILedgerEvent)JsonSerializer.Deserialize(reader.GetString(6), clrType, LedgerSchema.StorageJson)!, at);
    }

    /// <summary>The JSON name of a property of an event (the storage's camelCase).</summary>
    internal static string Json(string property) => LedgerSchema.StorageJson.PropertyNamingPolicy!.ConvertName(property);

    /// <summary>A reader of the id lists named by <paramref name="properties"/> (JSON names) on events of <paramref name="type"/>.</summary>
    private static Func<ILedgerEvent, IEnumerable<string>> Accessor(Type type, string[] properties)
    {
        var getters = properties
            .Select(name => type.GetProperties(BindingFlags.Public | BindingFlags.Instance).SingleOrDefault(p => Json(p.Name) == name)
                ?? throw new InvalidOperationException($"{type.Name} has no property for the key list '{name}'."))
            .ToArray();
        return e => getters.SelectMany(g => (IEnumerable<string>?)g.GetValue(e) ?? []);
    }
}

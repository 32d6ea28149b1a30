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
    public const string ColumnList = "stream, type, key, position, version, recorded_at, valid_from, notice_at";

    /// <summary>The kinds kept here: every event but those of persons and organizations.</summary>
    private static readonly EventKind[] Kinds = [.. EventCatalog.Kinds.Where(k => !k.IsSubjectFact)];

    /// <summary>The wire types kept here.</summary>
    public static readonly string[] Types = [.. Kinds.Select(k => k.WireName)];

    // JSON names in the SQL come from the records' own properties, so a rename cannot break a query silently.
    private static readonly string ValidFrom = Json(nameof(ILedgerEvent.ValidFrom));
    private static readonly string RequiresSafeguards = Json(nameof(ExceptionGranted.RequiresSafeguards));

    /// <summary>The JSON path of the country groups a ban's scope names (<c>scope → groups</c>).</summary>
    private static readonly string ScopeGroups = $"'{Json(nameof(BanIssued.Scope))}' -> '{Json(nameof(BanScope.Groups))}'";

    /// <summary>
    /// The streams of the country groups named by the issues of the bans in <paramref name="bans"/> (a CTE's name),
    /// among the issues recorded by <c>@known_at</c> when <paramref name="knownBy"/> (an audit reads whole histories).
    /// </summary>
    internal static string GroupsOf(string schema, string bans, bool knownBy = true) => $"""
        select distinct '{TimelineKind.CountryGroup.Prefix}' || jsonb_array_elements_text(coalesce(nullif(e.data -> {ScopeGroups}, 'null'::jsonb), '[]'::jsonb)) as stream
                   from {schema}.{Table} f join {schema}.mt_events e on e.stream_id = f.stream and e.version = f.version
                   where f.type = '{BanIssued.Kind.WireName}' and f.key = '' and f.stream = any(array(select stream from {bans})){(knownBy ? $" and {KnownBy("f")}" : "")}
        """;

    /// <summary>
    /// The condition that the fact row <paramref name="alias"/> was known by <c>@known_at</c> (LEDGER.md section 7.2):
    /// recorded by then, or, when the boolean parameter <c>@notice</c> is set, on notice by then (its notice time,
    /// <c>notice_at</c>, is kept only when the event's source dates it; else it is its recording).
    /// </summary>
    internal static string KnownBy(string alias) =>
        $"(case when @notice then coalesce({alias}.notice_at, {alias}.recorded_at) else {alias}.recorded_at end) <= @known_at";

    /// <summary>The keys of the classes <c>@model</c> was given by classifications known by <c>@known_at</c>, at any valid time (a query).</summary>
    private static string ModelClasses(string schema) =>
        $"select key from {schema}.{Table} where stream = '{TimelineKind.Model.Prefix}' || @model and type in ({Naming(KeyKind.Class, TimelineKind.Model)}) and key <> '' and {KnownBy(Table)}";

    /// <summary>
    /// The streams of <paramref name="timeline"/> whose facts known by <c>@known_at</c> name <c>@model</c> or one of the
    /// class keys the query <paramref name="classes"/> returns (a query).
    /// </summary>
    private static string StreamsNaming(string schema, TimelineKind timeline, string classes) => $"""
        select distinct stream from {schema}.{Table} where {KnownBy(Table)}
                   and ((key = @model and type in ({Naming(KeyKind.Model, timeline)}))
                        or (key = any(array({classes})) and type in ({Naming(KeyKind.Class, timeline)})))
        """;

    /// <summary>
    /// A query that returns a row when a ban on parties with affiliates (the 50 % rule) known by <c>@known_at</c> names
    /// <c>@model</c> or one of the classes it was ever given by then (by index; none for most models): only then can a
    /// decision about the model need anyone's owners, so the subject facts read them only then.
    /// </summary>
    internal static string AffiliateBans(string schema) => $"""
        select 1 from {schema}.{Table} f join {schema}.mt_events e on e.stream_id = f.stream and e.version = f.version
        where f.type = '{BanIssued.Kind.WireName}' and f.key = '' and {KnownBy("f")}
          and (e.data -> '{Json(nameof(BanIssued.Scope))}' ->> '{Json(nameof(BanScope.Affiliates))}') = 'true'
          and f.stream = any(array({StreamsNaming(schema, TimelineKind.Directive, ModelClasses(schema))}))
        limit 1
        """;

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

        // Notice time, when the event's source gives one (publishedAt, else receivedAt); null: its recording.
        table.AddColumn("notice_at", "timestamptz");

        // Which instruments name an entity: the bans and exceptions of a model, the negotiations of a ban.
        table.Indexes.Add(new IndexDefinition("al_fact_key") { Columns = ["key", "type", "stream"] });
        return table;
    }

    /// <summary>Whether the event is kept here.</summary>
    public static bool IsInstrumentFact(ILedgerEvent e) => !EventCatalog.KindOf(e).IsSubjectFact;

    /// <summary>The rows of one recorded event: its own (key "") and one per id it names.</summary>
    public static IEnumerable<(EventRef Ref, string Key)> Rows(ILedgerEvent e, EventRef at) =>
        EventCatalog.KindOf(e).KeysOf(e).Distinct(StringComparer.Ordinal).Prepend("").Select(key => (at, key));

    /// <summary>Queues one statement that inserts the rows of these recorded events (others are left out).</summary>
    public static void Queue(Marten.IDocumentOperations operations, string schema, IEnumerable<(ILedgerEvent Event, EventRef Ref)> events)
    {
        var rows = events.Where(e => IsInstrumentFact(e.Event)).SelectMany(e => Rows(e.Event, e.Ref).Select(r => (r.Ref, r.Key, e.Event))).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        operations.QueueSqlCommand(
            $"insert into {schema}.{Table} ({ColumnList}) " +
            "select * from unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::timestamptz[], ?::timestamptz[], ?::timestamptz[])",
            rows.Select(r => r.Ref.Stream).ToArray(),
            rows.Select(r => r.Ref.Type).ToArray(),
            rows.Select(r => r.Key).ToArray(),
            rows.Select(r => r.Ref.Position).ToArray(),
            rows.Select(r => r.Ref.Version).ToArray(),
            rows.Select(r => r.Ref.RecordedAt).ToArray(),
            rows.Select(r => r.Ref.ValidFrom).ToArray(),
            rows.Select(r => NoticeOf(r.Event)).ToArray());
    }

    /// <summary>The notice time an event's source gives (LEDGER.md section 7.2), null when it gives none: the column <c>notice_at</c>.</summary>
    private static DateTimeOffset? NoticeOf(ILedgerEvent e) => (e as ISourced)?.Source is { } source ? source.PublishedAt ?? source.ReceivedAt : null;

    /// <summary>
    /// The rows of every chained event, computed in the database from <c>al_chain</c> and <c>mt_events</c>: what a
    /// rebuild inserts and what a deep verification compares with the table.
    /// </summary>
    public static string ExpectedRowsSql(string schema)
    {
        var keys = string.Join(
            " ",
            Kinds.Where(k => k.Keys.Count > 0)
                .Select(k => $"when '{k.WireName}' then {string.Join(" || ", k.Keys.Select(key => $"coalesce(nullif(e.data -> '{Json(key.Property)}', 'null'::jsonb), '[]'::jsonb)"))}"));
        return $"""
            select c.stream, e.type, k.key, c.position, c.version, c.recorded_at, (e.data ->> '{ValidFrom}')::timestamptz,
                   coalesce(e.data -> '{Json(nameof(ISourced.Source))}' ->> '{Json(nameof(Source.PublishedAt))}', e.data -> '{Json(nameof(ISourced.Source))}' ->> '{Json(nameof(Source.ReceivedAt))}')::timestamptz
            from {schema}.{LedgerSchema.ChainTable} c
            join {schema}.mt_events e on e.id = c.event_id
            cross join lateral (select '' as key union select jsonb_array_elements_text(case e.type {keys} else '[]'::jsonb end)) k
            where e.type in ({In(Types)})
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
        with m as (select distinct f.stream, substr(f.stream, {TimelineKind.Model.Prefix.Length + 1}) as id from {schema}.{Table} f
                   where f.type = '{ModelRegistered.Kind.WireName}' and f.key = '' and (@model::text is null or f.stream = '{TimelineKind.Model.Prefix}' || @model)),
             c as (select distinct f.key from {schema}.{Table} f join m on f.stream = m.stream
                   where f.type in ({Naming(KeyKind.Class, TimelineKind.Model)}) and f.key <> ''),
             n as (select distinct f.stream from {schema}.{Table} f join m on f.key = m.id
                   where f.type in ({Naming(KeyKind.Model)})
                   union
                   select distinct f.stream from {schema}.{Table} f join c on f.key = c.key
                   where f.type in ({Naming(KeyKind.Class, TimelineKind.Directive)}, {Naming(KeyKind.Class, TimelineKind.Exception)})),
             g as (select distinct '{TimelineKind.Safeguard.Prefix}' || jsonb_array_elements_text(e.data -> '{RequiresSafeguards}') as stream
                   from {schema}.{Table} f join {schema}.mt_events e on e.stream_id = f.stream and e.version = f.version
                   where f.type = '{ExceptionGranted.Kind.WireName}' and f.key = '' and f.stream in (select stream from n)),
             o as (select distinct f.stream from {schema}.{Table} f
                   where f.type in ({Naming(KeyKind.Directive)})
                     and f.key in (select substr(stream, {TimelineKind.Directive.Prefix.Length + 1}) from n where stream like '{TimelineKind.Directive.Prefix}%')),
             gr as ({GroupsOf(schema, "n", knownBy: false)}),
             s as (select stream from m union select stream from n union select stream from g union select stream from o union select stream from gr)
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
                   union select org_id from {schema}.{SubjectFacts.Table} where person_id = @person and type = '{PersonEnrolled.Kind.WireName}' and recorded_at <= @known_at),
             c as ({ModelClasses(schema)}),
             d as ({StreamsNaming(schema, TimelineKind.Directive, "select key from c")}),
             x as ({StreamsNaming(schema, TimelineKind.Exception, "select key from c")}),
             u as (select distinct stream from {schema}.{Table} where key = @model and type in ({Naming(KeyKind.Model, TimelineKind.Suspension)}) and {KnownBy(Table)}),
             g as (select distinct '{TimelineKind.Safeguard.Prefix}' || jsonb_array_elements_text(e.data -> '{RequiresSafeguards}') as stream
                   from {schema}.{Table} f join {schema}.mt_events e on e.stream_id = f.stream and e.version = f.version
                   where f.type = '{ExceptionGranted.Kind.WireName}' and f.key = '' and f.stream = any(array(select stream from x)) and {KnownBy("f")}),
             gr as ({GroupsOf(schema, "d")}),
             picked as (
               {Used(schema, TimelineKind.Model, $"'{TimelineKind.Model.Prefix}' || @model")}
               union all
               {Used(schema, TimelineKind.Directive, "any(array(select stream from d))")}
               union all
               {Used(schema, TimelineKind.Exception, "any(array(select stream from x))")}
               union all
               {Used(schema, TimelineKind.Safeguard, "any(array(select stream from g))")}
               union all
               {Used(schema, TimelineKind.Suspension, "any(array(select stream from u))")}
               union all
               {Used(schema, TimelineKind.CountryGroup, "any(array(select stream from gr))")}
             )
        select distinct on (f.position) {ReadColumns}
        from picked f
        join {schema}.mt_events e on e.stream_id = f.stream and e.version = f.version
        order by f.position
        """;

    /// <summary>
    /// The rows of streams of one kind a decision uses (<see cref="EventKind.Decision"/>): the opening facts
    /// whatever their validFrom, the facts in effect at <c>@at</c>, and those in effect that name the question's
    /// model (<c>@model</c>) or one of the subject's organizations (<c>o</c>) by their keys; each recorded by
    /// <c>@known_at</c>.
    /// </summary>
    private static string Used(string schema, TimelineKind timeline, string streams)
    {
        var kinds = Kinds.Where(k => k.Timeline == timeline).ToList();
        string Of(DecisionRead read, KeyKind? names = null) =>
            In(kinds.Where(k => k.Decision == read && (names is null || k.Keys.Any(key => key.Names == names))).Select(k => k.WireName));
        List<string> branches =
        [
            $"""
            select * from {schema}.{Table} f where f.stream = {streams} and {KnownBy("f")} and f.key = ''
                 and (f.type in ({Of(DecisionRead.Always)}) or (f.type in ({Of(DecisionRead.InEffect)}) and f.valid_from <= @at))
            """,
        ];
        foreach (var (names, key) in new[] { (KeyKind.Model, "@model"), (KeyKind.Class, "any(array(select key from c))"), (KeyKind.Organization, "any(array(select org_id from o))") })
        {
            if (kinds.Any(k => k.Decision == DecisionRead.InEffectWhereNamed && k.Keys.Any(x => x.Names == names)))
            {
                branches.Add($"""
                    select * from {schema}.{Table} f where f.stream = {streams} and f.type in ({Of(DecisionRead.InEffectWhereNamed, names)})
                         and f.key = {key} and {KnownBy("f")} and f.valid_from <= @at
                    """);
            }
        }

        return string.Join("\n               union all\n               ", branches);
    }

    /// <summary>The wire types (of the streams of <paramref name="timeline"/>, when given) whose keys name <paramref name="names"/>, quoted for <c>in (...)</c>.</summary>
    private static string Naming(KeyKind names, TimelineKind? timeline = null) =>
        In(Kinds.Where(k => (timeline is null || k.Timeline == timeline) && k.Keys.Any(key => key.Names == names)).Select(k => k.WireName));

    /// <summary>Wire types quoted for <c>in (...)</c>; a name no event has when there are none (an empty list is not SQL).</summary>
    private static string In(IEnumerable<string> types) => types.Any() ? string.Join(", ", types.Select(t => $"'{t}'")) : "''";

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
}

using System.Collections.Frozen;
using AccessLedger.Events;
using AccessLedger.Timelines;
using JasperFx.Events;
using Marten;
using Npgsql;
using Weasel.Postgresql.Tables;

namespace AccessLedger.Storage;

/// <summary>
/// The facts of persons and organizations as plain rows, one per event, the event's fields as columns: what
/// decisions read of their subject and what the audit queries read when they need every subject of the ledger (a
/// row of columns is read in binary; JSON would have to be printed by the server and parsed by the client, about
/// 0.1 s per 25,000 persons on the server alone). Written with the events by <see cref="LedgerAppend"/>, rebuilt
/// from them by <see cref="ExpectedRowsSql"/>. Folding the rows of a subject in ledger order
/// (<see cref="TimelineSet.Apply"/>) gives its timeline.
/// </summary>
internal static class SubjectFacts
{
    /// <summary>The table.</summary>
    public const string Table = "al_subject_fact";

    // The columns, in the order of the insert and of the read.
    private const string Columns =
        "position, version, type, recorded_at, valid_from, person_id, org_id, model_id, exception_id, citizenships, us_person_status, location, name, country, us_person, reason, owners";

    private static readonly Dictionary<string, UsPersonStatus> Statuses =
        Enum.GetValues<UsPersonStatus>().ToDictionary(s => Wire.LedgerJson.Name(s), StringComparer.Ordinal);

    // Column ordinals as in Columns: 5 person_id, 6 org_id, 7 model_id, 8 exception_id, 9 citizenships (read
    // comma-joined), 10 us_person_status, 11 location, 12 name, 13 country, 14 us_person, 15 reason, 16 owners (read
    // comma-joined, each "orgId:percent").
    private static readonly FrozenDictionary<string, Func<Reading, EventRef, ILedgerEvent>> Readers =
        new Dictionary<Type, Func<Reading, EventRef, ILedgerEvent>>
        {
            [typeof(PersonEnrolled)] = (r, at) => new PersonEnrolled(r.PersonId!, r.OrgId!, r.Strings.ReadList(r.Reader, 9), Statuses[r.Text(10)], r.Text(11), at.ValidFrom),
            [typeof(PersonRelocated)] = (r, at) => new PersonRelocated(r.PersonId!, r.Text(11), at.ValidFrom),
            [typeof(PersonOffboarded)] = (r, at) => new PersonOffboarded(r.PersonId!, at.ValidFrom),
            [typeof(PersonStatusChanged)] = (r, at) => new PersonStatusChanged(r.PersonId!, r.Strings.ReadList(r.Reader, 9), Statuses[r.Text(10)], at.ValidFrom),
            [typeof(OrganizationRegistered)] = (r, at) => new OrganizationRegistered(r.OrgId!, r.Reader.GetString(12), r.Text(13), r.Reader.GetBoolean(14), at.ValidFrom),
            [typeof(PartnerProvisioned)] = (r, at) => new PartnerProvisioned(r.OrgId!, r.Text(7), at.ValidFrom, r.TextOrNull(8)),
            [typeof(PartnerDeprovisioned)] = (r, at) => new PartnerDeprovisioned(r.OrgId!, r.Text(7), r.Reader.GetString(15), at.ValidFrom),
            [typeof(OwnershipRecorded)] = (r, at) => new OwnershipRecorded(r.OrgId!, r.Strings.ReadList(r.Reader, 16).Select(OwnerOf).ToArray(), at.ValidFrom),
        }.ToFrozenDictionary(x => EventCatalog.WireNameOf(x.Key), x => x.Value, StringComparer.Ordinal);

    // The wire names of the subject facts, in a fixed order (the query numbers them from 1).
    private static readonly string[] TypeNames = [.. Readers.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The table's definition, for Marten's schema management.</summary>
    public static Table Definition(string schema)
    {
        var table = new Table(new Weasel.Postgresql.PostgresqlObjectName(schema, Table, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        table.AddColumn<long>("position").AsPrimaryKey();
        table.AddColumn<long>("version").NotNull();
        table.AddColumn<string>("type").NotNull();
        table.AddColumn("recorded_at", "timestamptz").NotNull();
        table.AddColumn("valid_from", "timestamptz").NotNull();
        table.AddColumn<string>("person_id");
        table.AddColumn<string>("org_id");
        table.AddColumn<string>("model_id");
        table.AddColumn<string>("exception_id");
        table.AddColumn("citizenships", "text[]");
        table.AddColumn<string>("us_person_status");
        table.AddColumn<string>("location");
        table.AddColumn<string>("name");
        table.AddColumn<string>("country");
        table.AddColumn<bool>("us_person");
        table.AddColumn<string>("reason");
        table.AddColumn("owners", "text[]");
        table.Indexes.Add(new IndexDefinition("al_subject_fact_person") { Columns = ["person_id", "position"] });
        table.Indexes.Add(new IndexDefinition("al_subject_fact_org") { Columns = ["org_id"] });

        // An organization's facts of one type: its ownerships, read up the chains by the 50 % rule, among its many
        // provisioning changes.
        table.Indexes.Add(new IndexDefinition("al_subject_fact_org_type") { Columns = ["org_id", "type"] });
        return table;
    }

    /// <summary>Whether the event is a fact of a person or an organization (one the table has a reader for).</summary>
    public static bool IsSubjectFact(ILedgerEvent e) => Readers.ContainsKey(EventCatalog.WireNameOf(e));

    /// <summary>Whether events of this wire type are facts of a person or an organization.</summary>
    public static bool IsSubjectType(string wireName) => Readers.ContainsKey(wireName);

    /// <summary>Queues one statement that inserts the rows of these recorded events (others are left out).</summary>
    public static void Queue(IDocumentOperations operations, string schema, IEnumerable<(ILedgerEvent Event, EventRef Ref)> events)
    {
        var rows = events.Where(e => IsSubjectFact(e.Event)).Select(e => Row.Of(e.Event, e.Ref)).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        // unnest cannot take an array of arrays: citizenships travel comma-joined (country codes hold no commas).
        operations.QueueSqlCommand(
            $"insert into {schema}.{Table} ({Columns}) " +
            "select p, v, t, r, f, pe, o, m, x, string_to_array(c, ','), st, l, n, co, u, re, string_to_array(ow, ',') " +
            "from unnest(?::bigint[], ?::bigint[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::text[], ?::text[]) " +
            "as u(p, v, t, r, f, pe, o, m, x, c, st, l, n, co, u, re, ow)",
            rows.Select(r => r.Ref.Position).ToArray(),
            rows.Select(r => r.Ref.Version).ToArray(),
            rows.Select(r => r.Ref.Type).ToArray(),
            rows.Select(r => r.Ref.RecordedAt).ToArray(),
            rows.Select(r => r.Ref.ValidFrom).ToArray(),
            rows.Select(r => r.PersonId).ToArray(),
            rows.Select(r => r.OrgId).ToArray(),
            rows.Select(r => r.ModelId).ToArray(),
            rows.Select(r => r.ExceptionId).ToArray(),
            rows.Select(r => r.Citizenships is null ? null : string.Join(',', r.Citizenships)).ToArray(),
            rows.Select(r => r.Status is { } s ? Wire.LedgerJson.Name(s) : null).ToArray(),
            rows.Select(r => r.Location).ToArray(),
            rows.Select(r => r.Name).ToArray(),
            rows.Select(r => r.Country).ToArray(),
            rows.Select(r => r.UsPerson).ToArray(),
            rows.Select(r => r.Reason).ToArray(),
            rows.Select(r => r.Owners is null ? null : string.Join(',', r.Owners.Select(OwnerText))).ToArray());
    }

    /// <summary>An owner as the table keeps it, <c>orgId:percent</c> (ids hold no ':' or ','), as the JSON writes the percent.</summary>
    private static string OwnerText(Owner owner) => $"{owner.OrgId}:{owner.Percent.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>The owner in a text of <see cref="OwnerText"/>.</summary>
    private static Owner OwnerOf(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return new(text[..colon], decimal.Parse(text.AsSpan(colon + 1), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The organizations' rows in scope, in ledger order: all organizations when <c>@org</c> is null, else that one
    /// and those of the persons in scope; their provisioning facts for <c>@model</c> only, when it is set.
    /// </summary>
    public static string SelectOrganizations(string schema) => $"""
        select {ReadColumns} from {schema}.{Table} f
        where f.person_id is null
          and (@model::text is null or f.model_id is null or f.model_id = @model)
          and (@org::text is null or f.org_id = @org
               or f.org_id in (select e.org_id from {schema}.{Table} e where e.type = '{PersonEnrolled.Kind.WireName}' and e.person_id = @person))
        order by f.position
        """;

    /// <summary>The persons' rows in scope (all when <c>@person</c> is null), person by person, each in ledger order.</summary>
    public static string SelectPersons(string schema) => $"""
        select {ReadColumns} from {schema}.{Table} f
        where f.person_id is not null and (@person::text is null or f.person_id = @person)
        order by f.person_id, f.position
        """;

    /// <summary>
    /// The rows of every chained event of a person or an organization, computed in the database from
    /// <c>al_chain</c> and <c>mt_events</c> (the event's JSON names are its fields'): what a rebuild inserts and
    /// what a deep verification compares with the table, column for column as <see cref="Queue"/> writes them.
    /// </summary>
    public static string ExpectedRowsSql(string schema) => $"""
        select c.position, c.version, e.type, c.recorded_at, (e.data ->> '{J(nameof(ILedgerEvent.ValidFrom))}')::timestamptz,
               e.data ->> '{J(nameof(PersonEnrolled.PersonId))}', e.data ->> '{J(nameof(PersonEnrolled.OrgId))}',
               e.data ->> '{J(nameof(PartnerProvisioned.ModelId))}', e.data ->> '{J(nameof(PartnerProvisioned.ExceptionId))}',
               case when e.data ? '{J(nameof(PersonEnrolled.Citizenships))}' then array(select jsonb_array_elements_text(e.data -> '{J(nameof(PersonEnrolled.Citizenships))}')) end,
               e.data ->> '{J(nameof(PersonEnrolled.UsPersonStatus))}', e.data ->> '{J(nameof(PersonEnrolled.Location))}',
               e.data ->> '{J(nameof(OrganizationRegistered.Name))}', e.data ->> '{J(nameof(OrganizationRegistered.Country))}',
               (e.data ->> '{J(nameof(OrganizationRegistered.UsPerson))}')::boolean, e.data ->> '{J(nameof(PartnerDeprovisioned.Reason))}',
               case when e.data ? '{J(nameof(OwnershipRecorded.Owners))}' then array(select (o ->> '{J(nameof(Owner.OrgId))}') || ':' || (o ->> '{J(nameof(Owner.Percent))}')
                                                        from jsonb_array_elements(e.data -> '{J(nameof(OwnershipRecorded.Owners))}') with ordinality as w(o, i) order by i) end
        from {schema}.{LedgerSchema.ChainTable} c
        join {schema}.mt_events e on e.id = c.event_id
        where e.type = any(array[{string.Join(", ", TypeNames.Select(t => $"'{t}'"))}])
        """;

    private static string J(string property) => InstrumentFacts.Json(property);

    /// <summary>The table's columns in the order of <see cref="ExpectedRowsSql"/>.</summary>
    public static string ColumnList => Columns;

    /// <summary>
    /// The subject's facts one decision at valid time <c>@at</c> as known at <c>@known_at</c> can use: the latest
    /// enrolment, relocation and offboarding of <c>@person</c> in effect; the registration of each of its
    /// organizations (and of <c>@org</c>), and the latest provisioning and deprovisioning of each for <c>@model</c>
    /// in effect; and, when a ban on parties with affiliates names the model or one of its classes, the latest
    /// ownership in effect of each of those organizations and of every organization that ever owned one of them,
    /// directly or not, as known at K (what the 50 % rule reads: ownership by index, up the chains, cycles ending where
    /// an owner was met before). Ledger order; read with <see cref="Read"/>.
    /// </summary>
    public static string SelectDecision(string schema) => $"""
        with recursive
             o as (select @org::text as org_id union select org_id from {schema}.{Table} where person_id = @person and type = '{PersonEnrolled.Kind.WireName}' and recorded_at <= @known_at),
             aff as ({InstrumentFacts.AffiliateBans(schema)}),
             a(org_id) as ({OwnersAbove(schema, "o", "a")})
        select {ReadColumns} from (
          (select distinct on (type) * from {schema}.{Table}
           where person_id = @person and recorded_at <= @known_at and valid_from <= @at
           order by type, valid_from desc, position desc)
          union all
          select * from {schema}.{Table}
          where person_id is null and org_id in (select org_id from o) and type = '{OrganizationRegistered.Kind.WireName}' and recorded_at <= @known_at
          union all
          (select distinct on (org_id, type) * from {schema}.{Table}
           where person_id is null and org_id in (select org_id from o) and model_id = @model and recorded_at <= @known_at and valid_from <= @at
           order by org_id, type, valid_from desc, position desc)
          union all
          -- Per organization met, by its index (a join would let the planner, which cannot tell how few a recursion
          -- finds, scan the table).
          select w.* from a cross join lateral (
            select * from {schema}.{Table}
            where person_id is null and org_id = a.org_id and type = '{OwnershipRecorded.Kind.WireName}' and recorded_at <= @known_at and valid_from <= @at
            order by valid_from desc, position desc limit 1) w
          where exists (select 1 from aff)
        ) f
        order by f.position
        """;

    /// <summary>
    /// The body of a recursive CTE named <paramref name="self"/> (<c>with recursive</c>, one column <c>org_id</c>):
    /// the organizations of the CTE <paramref name="start"/> and, when the CTE <c>aff</c>
    /// (<see cref="InstrumentFacts.AffiliateBans"/>) has a row, every organization recorded by <c>@known_at</c> as
    /// owning one of them, directly or not, at any valid time (what the 50 % rule may read; <c>union</c> ends cycles).
    /// </summary>
    internal static string OwnersAbove(string schema, string start, string self) => $"""
        select org_id from {start}
        union
        select split_part(w, ':', 1) from {schema}.{Table} s join {self} on s.org_id = {self}.org_id cross join unnest(s.owners) w
        where s.person_id is null and s.type = '{OwnershipRecorded.Kind.WireName}' and s.recorded_at <= @known_at and exists (select 1 from aff)
        """;

    /// <summary>Every fact of the persons <c>@persons</c> and organizations <c>@orgs</c>, in ledger order: what the write rules fold.</summary>
    public static string SelectStreams(string schema) => $"""
        select {ReadColumns} from (
          select * from {schema}.{Table} where person_id = any(@persons)
          union all
          select * from {schema}.{Table} where person_id is null and org_id = any(@orgs)
        ) f
        order by f.position
        """;

    // The columns as read: the type as its index in TypeNames (no string per row), the countries comma-joined (a
    // person's list is pooled by its text).
    private static string ReadColumns => Columns
        .Replace("citizenships", "array_to_string(citizenships, ',')", StringComparison.Ordinal)
        .Replace(", owners", ", array_to_string(owners, ',')", StringComparison.Ordinal)
        .Replace(" type,", $" array_position(array[{string.Join(", ", TypeNames.Select(t => $"'{t}'"))}], type::text),", StringComparison.Ordinal);

    /// <summary>Reads the row the reader is on, as the event, its reference, and the id of the person or organization.</summary>
    /// <param name="reader">On a row of <see cref="SelectOrganizations"/> or <see cref="SelectPersons"/>.</param>
    /// <param name="strings">
    /// One instance of each id, code and stream key for all rows of a read: every person's facts repeat their
    /// stream, organization and countries, and the rows of a whole ledger stay alive while an audit decides.
    /// </param>
    public static (ILedgerEvent Event, EventRef Ref, string SubjectId) Read(NpgsqlDataReader reader, Strings strings)
    {
        // Columns are read once each, in order, so a reader may use CommandBehavior.SequentialAccess.
        var position = reader.GetInt64(0);
        var version = reader.GetInt64(1);
        var type = reader.IsDBNull(2) ? -1 : reader.GetInt32(2) - 1;
        if (type < 0)
        {
            throw new InvalidOperationException($"{Table} holds a fact at position {position} whose type is not a person's or an organization's.");
        }

        var recordedAt = reader.GetFieldValue<DateTimeOffset>(3);
        var validFrom = reader.GetFieldValue<DateTimeOffset>(4);
        var personId = reader.IsDBNull(5) ? null : strings.Read(reader, 5);
        var orgId = reader.IsDBNull(6) ? null : strings.Read(reader, 6);

        // The stream is the subject's (LEDGER.md section 2), so the table does not repeat it.
        var subjectId = personId ?? orgId!;
        var stream = personId is null ? strings.OrganizationStream(subjectId) : strings.PersonStream(personId);
        var at = new EventRef(stream, version, TypeNames[type], recordedAt, validFrom, position);
        return (Readers[at.Type](new Reading(reader, strings, personId, orgId), at), at, subjectId);
    }

    /// <summary>The row being read, past its common columns: the person and organization already read.</summary>
    private readonly record struct Reading(NpgsqlDataReader Reader, Strings Strings, string? PersonId, string? OrgId)
    {
        public string Text(int ordinal) => Strings.Read(Reader, ordinal);

        public string? TextOrNull(int ordinal) => Reader.IsDBNull(ordinal) ? null : Strings.Read(Reader, ordinal);
    }

    /// <summary>
    /// A pool of the strings and country lists read from rows: equal values share one instance, and a value seen
    /// before is read without allocating (decoded into a buffer and looked up by its characters).
    /// </summary>
    public sealed class Strings
    {
        private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string[]> _lists = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _personStreams = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _organizationStreams = new(StringComparer.Ordinal);

        /// <summary>The text in column <paramref name="ordinal"/>, pooled.</summary>
        public string Read(NpgsqlDataReader reader, int ordinal) => Of(reader.GetString(ordinal));

        /// <summary>The pooled list of the comma-joined countries in column <paramref name="ordinal"/>.</summary>
        public string[] ReadList(NpgsqlDataReader reader, int ordinal)
        {
            var joined = Read(reader, ordinal);
            if (!_lists.TryGetValue(joined, out var list))
            {
                _lists[joined] = list = joined.Length == 0 ? [] : joined.Split(',').Select(Of).ToArray();
            }

            return list;
        }

        /// <summary>The stream key of a person, one instance per person.</summary>
        public string PersonStream(string personId) => Pooled(_personStreams, personId, Streams.Person);

        /// <summary>The stream key of an organization, one instance per organization.</summary>
        public string OrganizationStream(string orgId) => Pooled(_organizationStreams, orgId, Streams.Organization);

        private static string Pooled(Dictionary<string, string> streams, string id, Func<string, string> streamOf)
        {
            if (!streams.TryGetValue(id, out var stream))
            {
                streams[id] = stream = streamOf(id);
            }

            return stream;
        }

        private string Of(string value)
        {
            if (_strings.TryGetValue(value, out var pooled))
            {
                return pooled;
            }

            _strings[value] = value;
            return value;
        }
    }

    private sealed record Row(
        EventRef Ref, string? PersonId, string? OrgId, string? ModelId = null, string? ExceptionId = null, IReadOnlyList<string>? Citizenships = null,
        UsPersonStatus? Status = null, string? Location = null, string? Name = null, string? Country = null, bool? UsPerson = null, string? Reason = null,
        IReadOnlyList<Owner>? Owners = null)
    {
        public static Row Of(ILedgerEvent e, EventRef at) => e switch
        {
            PersonEnrolled x => new(at, x.PersonId, x.OrgId, Citizenships: x.Citizenships, Status: x.UsPersonStatus, Location: x.Location),
            PersonRelocated x => new(at, x.PersonId, null, Location: x.Location),
            PersonOffboarded x => new(at, x.PersonId, null),
            PersonStatusChanged x => new(at, x.PersonId, null, Citizenships: x.Citizenships, Status: x.UsPersonStatus),
            OrganizationRegistered x => new(at, null, x.OrgId, Name: x.Name, Country: x.Country, UsPerson: x.UsPerson),
            PartnerProvisioned x => new(at, null, x.OrgId, x.ModelId, x.ExceptionId),
            PartnerDeprovisioned x => new(at, null, x.OrgId, x.ModelId, Reason: x.Reason),
            OwnershipRecorded x => new(at, null, x.OrgId, Owners: x.Owners),
            _ => throw new ArgumentException($"{e.GetType().Name} is not a fact of a person or an organization", nameof(e)),
        };
    }
}

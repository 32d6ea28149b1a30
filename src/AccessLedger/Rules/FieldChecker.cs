using System.Text.Json;
using AccessLedger.Events;
using AccessLedger.Wire;

namespace AccessLedger.Rules;

/// <summary>
/// Collects the problems of one event's fields (<see cref="FieldRules"/>); each kind's declaration names its fields
/// (<see cref="Events.EventKind{TEvent}.Fields"/>). Every problem is kept; the first one's code is the error's.
/// </summary>
internal sealed class FieldChecker
{
    private readonly List<(string Code, string Message)> _problems = [];

    /// <summary>The UTF-8 bytes of the event's text so far.</summary>
    private long _textBytes;

    /// <summary>The strings and objects of the event so far, each costing the JSON a few bytes of its own.</summary>
    private long _values;

    public FieldChecker Id(string field, string? value)
    {
        if (value is null)
        {
            Fail(ErrorCodes.InvalidField, $"{field} is missing.");
        }
        else if (!FieldRules.IsSlug(value))
        {
            Fail(
                ErrorCodes.InvalidField,
                $"{field} {TextRules.Quote(value)} is not an identifier: lower-case letters, digits, '.', '_' or '-', starting with a letter or digit, at most 64.");
        }
        else
        {
            _textBytes += value.Length;
            _values++;
        }

        return this;
    }

    /// <summary>Ends a chain of checks with the event as it is (or as normalised by the caller).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "The end of a fluent chain of checks on this instance.")]
    public TEvent Done<TEvent>(TEvent e) => e;

    /// <summary>Checks an optional source: its kind is the contract's, its citation is text, its instants are whole microseconds.</summary>
    public FieldChecker Source(Source? source)
    {
        if (source is null)
        {
            return this;
        }

        _values++;
        Enum("source.kind", source.Kind).Text("source.citation", source.Citation);
        if (source.PublishedAt is { } published)
        {
            Instant("source.publishedAt", published);
        }

        return source.ReceivedAt is { } received ? Instant("source.receivedAt", received) : this;
    }

    /// <summary>An optional list of ids (null: none).</summary>
    public FieldChecker OptionalIds(string field, IReadOnlyList<string>? values) => values is null ? this : Ids(field, values, nonEmpty: false);

    public FieldChecker OptionalId(string field, string? value) => value is null ? this : Id(field, value);

    public FieldChecker Ids(string field, IReadOnlyList<string>? values, bool nonEmpty)
    {
        if (!List(field, values, nonEmpty))
        {
            return this;
        }

        foreach (var value in values!)
        {
            Id(field, value);
        }

        if (values.Distinct(StringComparer.Ordinal).Count() != values.Count)
        {
            Fail(ErrorCodes.InvalidField, $"{field} names the same one twice.");
        }

        return this;
    }

    public FieldChecker Texts(string field, IReadOnlyList<string>? values, bool nonEmpty)
    {
        if (List(field, values, nonEmpty))
        {
            for (var i = 0; i < values!.Count; i++)
            {
                Text($"{field}[{i}]", values[i]);
            }
        }

        return this;
    }

    public FieldChecker Text(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Fail(ErrorCodes.InvalidField, value is null ? $"{field} is missing." : $"{field} must not be empty.");
            return this;
        }

        var bytes = TextRules.Utf8Bytes(value);
        _textBytes += bytes;
        _values++;
        if (bytes > InputLimits.TextBytes)
        {
            Fail(ErrorCodes.TooLarge, $"{field} is {bytes:N0} bytes long; free text is at most {InputLimits.TextBytes / 1024} KiB ({InputLimits.TextBytes:N0} bytes of UTF-8).");
        }
        else if (TextRules.Problem(value, label: false) is { } problem)
        {
            Fail(ErrorCodes.InvalidText, $"{field} {TextRules.Quote(value)} {problem}.");
        }

        return this;
    }

    public FieldChecker Enum<TEnum>(string field, TEnum value) where TEnum : struct, Enum => Require(
        System.Enum.IsDefined(value),
        $"{field} {value} is not one of {string.Join(", ", System.Enum.GetValues<TEnum>().Select(LedgerJson.Name))}.");

    public FieldChecker Require(bool condition, string message)
    {
        if (!condition)
        {
            Fail(ErrorCodes.InvalidField, message);
        }

        return this;
    }

    public FieldChecker Instant(string field, DateTimeOffset value)
    {
        // The ledger keeps instants in PostgreSQL's precision; a finer one would not read back as it was stated.
        if (value.UtcTicks % TimeSpan.TicksPerMicrosecond != 0)
        {
            Fail(ErrorCodes.TooPrecise, $"{field} {LedgerJson.Format(value)} is finer than a microsecond; state instants to the microsecond at most (6 fractional digits).");
        }

        return this;
    }

    public FieldChecker Interval(DateTimeOffset from, DateTimeOffset? to)
    {
        if (to is { } end && end <= from)
        {
            Fail(ErrorCodes.InvalidInterval, $"validTo {end:O} must be after validFrom {from:O}.");
        }

        return this;
    }

    public string Country(string field, string? code)
    {
        if (code is null)
        {
            Fail(ErrorCodes.InvalidField, $"{field} is missing.");
            return "";
        }

        var (normalised, problem) = Countries.Normalize(code);
        if (problem is not null)
        {
            Fail(ErrorCodes.InvalidField, $"{field}: {problem}");
        }

        _textBytes += code.Length;
        _values++;
        return normalised ?? code;
    }

    public string[] CountryList(string field, IReadOnlyList<string>? codes) =>
        List(field, codes, nonEmpty: false) ? codes!.Select(c => Country(field, c)).Distinct().ToArray() : [];

    public BanScope Scope(BanScope? scope)
    {
        if (scope is null)
        {
            Fail(ErrorCodes.InvalidField, "scope is missing.");
            return null!;
        }

        Enum("scope.kind", scope.Kind);
        if (scope.Groups is not null)
        {
            Ids("scope.groups", scope.Groups, nonEmpty: false);
            Require(scope.Kind is BanScopeKind.Nationalities or BanScopeKind.Destinations || scope.Groups.Count == 0, "scope.groups is only for kinds 'nationalities' and 'destinations'.");
        }

        Require(scope.Kind == BanScopeKind.Parties || scope.Organizations is null or { Count: 0 }, "scope.organizations is only for kind 'parties'.");
        Require(scope.Kind == BanScopeKind.Parties || !scope.Affiliates, "scope.affiliates is only for kind 'parties'.");
        var groups = scope.Groups?.Count ?? 0;
        Require(scope.Kind == BanScopeKind.Destinations || scope.Countries is null or { Count: 0 }, "scope.countries is only for kind 'destinations'.");
        switch (scope.Kind)
        {
            case BanScopeKind.Nationalities:
                Require((scope.Nationalities?.Count ?? 0) + groups > 0, "a ban on nationalities lists at least one nationality or country group.");
                return scope with { Nationalities = CountryList("scope.nationalities", scope.Nationalities ?? []), Countries = null };
            case BanScopeKind.Parties:
                Ids("scope.organizations", scope.Organizations, nonEmpty: true);
                Require(scope.Nationalities is null or { Count: 0 }, "scope.nationalities is only for kind 'nationalities'.");
                return scope with { Nationalities = null, Countries = null };
            case BanScopeKind.Destinations:
                Require((scope.Countries?.Count ?? 0) + groups > 0, "a ban on destinations lists at least one country or country group.");
                Require(scope.Nationalities is null or { Count: 0 }, "scope.nationalities is only for kind 'nationalities'.");
                return scope with { Countries = CountryList("scope.countries", scope.Countries ?? []), Nationalities = null };
        }

        Require(scope.Nationalities is null or { Count: 0 }, $"scope.nationalities is only for kind 'nationalities'.");
        return scope with { Nationalities = null, Countries = null };
    }

    /// <summary>
    /// The direct owners of <paramref name="orgId"/> (LEDGER.md section 7.4): registered ids (judged by the write
    /// rule), never the organization itself, each once, each share in (0, 100], the shares adding up to at most 100.
    /// </summary>
    public Owner[] Owners(string? orgId, IReadOnlyList<Owner>? owners)
    {
        if (!List("owners", owners, nonEmpty: false))
        {
            return [];
        }

        for (var i = 0; i < owners!.Count; i++)
        {
            _values++;
            if (owners[i] is not { } owner)
            {
                Fail(ErrorCodes.InvalidField, $"owners[{i}] is null; an owner is {{\"orgId\": ..., \"percent\": ...}}.");
                continue;
            }

            Id($"owners[{i}].orgId", owner.OrgId);
            Require(owner.OrgId != orgId, $"owners[{i}]: organization {orgId} cannot own itself.");
            Require(owner.Percent > 0 && owner.Percent <= 100, $"owners[{i}].percent is {owner.Percent.ToString(System.Globalization.CultureInfo.InvariantCulture)}; a share is more than 0 and at most 100.");
        }

        var present = owners.Where(o => o is not null).ToList();
        Require(present.Select(o => o.OrgId).Distinct(StringComparer.Ordinal).Count() == present.Count, "owners names the same organization twice.");
        var total = present.Sum(o => o.Percent);
        Require(total <= 100, $"the owners' shares add up to {total.ToString(System.Globalization.CultureInfo.InvariantCulture)} %; they add up to at most 100.");
        return [.. present];
    }

    public Beneficiary[] Beneficiaries(IReadOnlyList<Beneficiary>? beneficiaries)
    {
        if (!List("beneficiaries", beneficiaries, nonEmpty: true))
        {
            return [];
        }

        return beneficiaries!.Select((b, i) => Beneficiary($"beneficiaries[{i}]", b)).ToArray();
    }

    /// <summary>Refuses an event larger, as JSON, than <see cref="InputLimits.DataBytes"/>; checked last, on a valid event only.</summary>
    public void Size(ILedgerEvent e)
    {
        if (_problems.Count > 0)
        {
            return;
        }

        // Text alone beyond the limit needs no measuring, nor does an event whose JSON cannot reach it even if
        // every byte of its text were escaped (at most 6 bytes, \u00XX) and every value took 64 bytes of its own.
        var most = (_textBytes * 6) + (_values * 64) + 4096;
        var bytes = _textBytes > InputLimits.DataBytes || most <= InputLimits.DataBytes
            ? _textBytes
            : JsonSerializer.SerializeToUtf8Bytes(e, e.GetType(), LedgerJson.StoredForm).LongLength;
        if (bytes > InputLimits.DataBytes)
        {
            Fail(ErrorCodes.TooLarge, $"the event's data is {bytes:N0} bytes or more as JSON; an event is at most {InputLimits.DataBytes / 1024} KiB.");
        }
    }

    public void ThrowIfFailed()
    {
        if (_problems.Count > 0)
        {
            var (code, _) = _problems[0];
            throw new LedgerRuleException(code, string.Join(" ", _problems.Select(p => p.Message)));
        }
    }

    private Beneficiary Beneficiary(string field, Beneficiary? beneficiary)
    {
        _values++;
        switch (beneficiary)
        {
            case OrganizationEmployees o:
                Ids($"{field}.organizations", o.Organizations, nonEmpty: true);
                return o;
            case ProviderEmployees p:
                Id($"{field}.providerId", p.ProviderId);
                return p with { Locations = CountryList($"{field}.locations", p.Locations ?? []) };
            default:
                Fail(ErrorCodes.InvalidField, $"{field} is {(beneficiary is null ? "null" : "of no kind of the contract")}; a beneficiary is organization_employees or provider_employees.");
                return beneficiary!;
        }
    }

    /// <summary>Whether <paramref name="values"/> is a list to look into: present, within its limit, and not empty if it must name something.</summary>
    private bool List<T>(string field, IReadOnlyList<T>? values, bool nonEmpty)
    {
        if (values is null)
        {
            Fail(ErrorCodes.InvalidField, $"{field} is missing.");
            return false;
        }

        if (values.Count > InputLimits.ListEntries)
        {
            Fail(ErrorCodes.TooLarge, $"{field} has {values.Count:N0} entries; a list has at most {InputLimits.ListEntries:N0}.");
            return false;
        }

        if (nonEmpty && values.Count == 0)
        {
            Fail(ErrorCodes.InvalidField, $"{field} must name at least one.");
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is null)
            {
                Fail(ErrorCodes.InvalidField, $"{field}[{i}] is null; a list holds no nulls.");
                return false;
            }
        }

        return true;
    }

    private void Fail(string code, string message) => _problems.Add((code, message));
}

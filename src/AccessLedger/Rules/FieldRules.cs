using System.Text.Json;
using System.Text.RegularExpressions;
using AccessLedger.Events;
using AccessLedger.Wire;

namespace AccessLedger.Rules;

/// <summary>
/// The checks an event passes on its own, before the ledger's state is consulted: identifiers are slugs, countries
/// are ISO 3166-1 alpha-2 (lower case is normalised), enum values are the contract's, lists that must name something
/// do, intervals are not empty, instants are whole microseconds, and text is text PostgreSQL can store, within the
/// limits of <see cref="InputLimits"/>.
/// </summary>
internal static partial class FieldRules
{
    /// <summary>The pattern of identifiers (<c>\z</c>: the end of the text, not before a final line break as <c>$</c> allows).</summary>
    public const string SlugPattern = @"^[a-z0-9][a-z0-9._-]{0,63}\z";

    [GeneratedRegex(SlugPattern, RegexOptions.CultureInvariant)]
    private static partial Regex Slug();

    /// <summary>Whether <paramref name="id"/> is a slug.</summary>
    public static bool IsSlug(string? id) => id is not null && Slug().IsMatch(id);

    /// <summary>The event with its countries normalised, or a <see cref="LedgerRuleException"/>.</summary>
    public static ILedgerEvent Check(ILedgerEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var checker = new Checker();
        checker.Instant("validFrom", e.ValidFrom);
        if (EventCatalog.ValidToOf(e) is { } validTo)
        {
            checker.Instant("validTo", validTo);
        }

        var normalised = e switch
        {
            ModelRegistered x => Done(checker.Id("modelId", x.ModelId).Id("providerId", x.ProviderId).Text("name", x.Name).Enum("availability", x.Availability), x),
            ProviderSuspensionStarted x => Done(
                checker.Id("suspensionId", x.SuspensionId).Ids("models", x.Models, nonEmpty: true).Enum("scope", x.Scope).Text("reason", x.Reason),
                x),
            ProviderSuspensionLifted x => Done(checker.Id("suspensionId", x.SuspensionId).Ids("models", x.Models, nonEmpty: false), x),
            BanIssued x => Done(
                checker.Id("directiveId", x.DirectiveId).Text("regulator", x.Regulator).Text("instrument", x.Instrument)
                    .Ids("models", x.Models, nonEmpty: true).Texts("legalBasis", x.LegalBasis, nonEmpty: false).Interval(x.ValidFrom, x.ValidTo),
                x with { Scope = checker.Scope(x.Scope) }),
            BanAmended x => Done(
                checker.Id("directiveId", x.DirectiveId).Ids("addModels", x.AddModels, nonEmpty: false).Ids("removeModels", x.RemoveModels, nonEmpty: false)
                    .Require(x.AddModels?.Count + x.RemoveModels?.Count > 0, "an amendment adds or removes at least one model."),
                x),
            BanLifted x => Done(checker.Id("directiveId", x.DirectiveId), x),
            NegotiationOpened x => Done(checker.Id("caseId", x.CaseId).Ids("directiveIds", x.DirectiveIds, nonEmpty: true).Texts("parties", x.Parties, nonEmpty: true), x),
            NegotiationClosed x => Done(checker.Id("caseId", x.CaseId).Text("outcome", x.Outcome), x),
            SafeguardCertified x => Done(
                checker.Id("certificationId", x.CertificationId).Id("providerId", x.ProviderId).Ids("models", x.Models, nonEmpty: true)
                    .Text("certifiedBy", x.CertifiedBy).Texts("controls", x.Controls, nonEmpty: true).Interval(x.ValidFrom, x.ValidTo),
                x),
            SafeguardWithdrawn x => Done(checker.Id("certificationId", x.CertificationId).Text("reason", x.Reason), x),
            ExceptionGranted x => Done(
                checker.Id("exceptionId", x.ExceptionId).Ids("directiveIds", x.DirectiveIds, nonEmpty: true).Ids("models", x.Models, nonEmpty: true)
                    .Ids("requiresSafeguards", x.RequiresSafeguards, nonEmpty: false).Interval(x.ValidFrom, x.ValidTo),
                x with { Beneficiaries = checker.Beneficiaries(x.Beneficiaries) }),
            ExceptionAmended x => Done(
                checker.Id("exceptionId", x.ExceptionId).Ids("addOrganizations", x.AddOrganizations, nonEmpty: false)
                    .Ids("removeOrganizations", x.RemoveOrganizations, nonEmpty: false)
                    .Require(x.AddOrganizations?.Count + x.RemoveOrganizations?.Count > 0, "an amendment adds or removes at least one organization."),
                x),
            ExceptionRevoked x => Done(checker.Id("exceptionId", x.ExceptionId).Text("reason", x.Reason), x),
            OrganizationRegistered x => Done(checker.Id("orgId", x.OrgId).Text("name", x.Name), x with { Country = checker.Country("country", x.Country) }),
            PartnerProvisioned x => Done(checker.Id("orgId", x.OrgId).Id("modelId", x.ModelId).OptionalId("exceptionId", x.ExceptionId), x),
            PartnerDeprovisioned x => Done(checker.Id("orgId", x.OrgId).Id("modelId", x.ModelId).Text("reason", x.Reason), x),
            PersonEnrolled x => Done(
                checker.Id("personId", x.PersonId).Id("orgId", x.OrgId).Enum("usPersonStatus", x.UsPersonStatus)
                    .Require(x.Citizenships is not { Count: 0 }, "a person has at least one citizenship."),
                x with { Citizenships = checker.CountryList("citizenships", x.Citizenships), Location = checker.Country("location", x.Location) }),
            PersonRelocated x => Done(checker.Id("personId", x.PersonId), x with { Location = checker.Country("location", x.Location) }),
            PersonOffboarded x => Done(checker.Id("personId", x.PersonId), x),
            _ => throw new LedgerRuleException(ErrorCodes.UnknownEventType, $"{e.GetType().Name} is not an event of the contract."),
        };
        checker.Size(normalised);
        checker.ThrowIfFailed();
        return normalised;

        static ILedgerEvent Done(Checker _, ILedgerEvent normalisedEvent) => normalisedEvent;
    }

    /// <summary>A country code normalised to upper case, or a <see cref="LedgerRuleException"/> saying why it is not one.</summary>
    public static string CheckCountry(string field, string code)
    {
        var checker = new Checker();
        var normalised = checker.Country(field, code);
        checker.ThrowIfFailed();
        return normalised;
    }

    /// <summary>A <c>commandId</c> as the ledger keeps it: null, or 1 to 200 characters of visible text.</summary>
    internal static string? CheckCommandId(string? commandId) => Label("commandId", commandId, InputLimits.CommandIdLength);

    /// <summary>An <c>actor</c> as the ledger keeps it: null, or 1 to 200 characters of visible text.</summary>
    internal static string? CheckActor(string? actor) => Label("actor", actor, InputLimits.ActorLength);

    /// <summary>A stated <c>recordedAt</c>: null, or an instant in whole microseconds.</summary>
    internal static DateTimeOffset? CheckRecordedAt(DateTimeOffset? recordedAt)
    {
        if (recordedAt is { } at)
        {
            var checker = new Checker();
            checker.Instant("recordedAt", at);
            checker.ThrowIfFailed();
        }

        return recordedAt;
    }

    private static string? Label(string field, string? value, int maxLength)
    {
        if (value is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(value) || value.Length > maxLength)
        {
            throw new LedgerRuleException(
                value.Length > maxLength ? ErrorCodes.TooLarge : ErrorCodes.InvalidField,
                $"{field} must be 1 to {maxLength} characters{(value.Length > maxLength ? $", not {value.Length:N0}" : ", not blank")}.");
        }

        return TextRules.Problem(value, label: true) is { } problem
            ? throw new LedgerRuleException(ErrorCodes.InvalidText, $"{field} {TextRules.Quote(value)} {problem}.")
            : value;
    }

    private sealed class Checker
    {
        private readonly List<(string Code, string Message)> _problems = [];

        /// <summary>The UTF-8 bytes of the event's text so far.</summary>
        private long _textBytes;

        /// <summary>The strings and objects of the event so far, each costing the JSON a few bytes of its own.</summary>
        private long _values;

        public Checker Id(string field, string? value)
        {
            if (value is null)
            {
                Fail(ErrorCodes.InvalidField, $"{field} is missing.");
            }
            else if (!IsSlug(value))
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

        public Checker OptionalId(string field, string? value) => value is null ? this : Id(field, value);

        public Checker Ids(string field, IReadOnlyList<string>? values, bool nonEmpty)
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

        public Checker Texts(string field, IReadOnlyList<string>? values, bool nonEmpty)
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

        public Checker Text(string field, string? value)
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

        public Checker Enum<TEnum>(string field, TEnum value) where TEnum : struct, Enum => Require(
            System.Enum.IsDefined(value),
            $"{field} {value} is not one of {string.Join(", ", System.Enum.GetValues<TEnum>().Select(LedgerJson.Name))}.");

        public Checker Require(bool condition, string message)
        {
            if (!condition)
            {
                Fail(ErrorCodes.InvalidField, message);
            }

            return this;
        }

        public Checker Instant(string field, DateTimeOffset value)
        {
            // The ledger keeps instants in PostgreSQL's precision; a finer one would not read back as it was stated.
            if (value.UtcTicks % TimeSpan.TicksPerMicrosecond != 0)
            {
                Fail(ErrorCodes.TooPrecise, $"{field} {LedgerJson.Format(value)} is finer than a microsecond; state instants to the microsecond at most (6 fractional digits).");
            }

            return this;
        }

        public Checker Interval(DateTimeOffset from, DateTimeOffset? to)
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
            if (scope.Kind == BanScopeKind.Nationalities)
            {
                Require(scope.Nationalities is { Count: > 0 }, "a ban on nationalities lists at least one nationality.");
                return scope with { Nationalities = CountryList("scope.nationalities", scope.Nationalities ?? []) };
            }

            Require(scope.Nationalities is null or { Count: 0 }, $"scope.nationalities is only for kind 'nationalities'.");
            return scope with { Nationalities = null };
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
}

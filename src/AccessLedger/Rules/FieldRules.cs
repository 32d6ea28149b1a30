using System.Text.RegularExpressions;
using AccessLedger.Events;

namespace AccessLedger.Rules;

/// <summary>
/// The checks an event passes on its own, before the ledger's state is consulted: identifiers are slugs, countries
/// are ISO 3166-1 alpha-2 (lower case is normalised), lists that must name something do, intervals are not empty.
/// </summary>
public static partial class FieldRules
{
    /// <summary>The pattern of identifiers.</summary>
    public const string SlugPattern = "^[a-z0-9][a-z0-9._-]{0,63}$";

    [GeneratedRegex(SlugPattern, RegexOptions.CultureInvariant)]
    private static partial Regex Slug();

    /// <summary>Whether <paramref name="id"/> is a slug.</summary>
    public static bool IsSlug(string? id) => id is not null && Slug().IsMatch(id);

    /// <summary>The event with its countries normalised, or a <see cref="LedgerRuleException"/>.</summary>
    public static ILedgerEvent Check(ILedgerEvent e)
    {
        var checker = new Checker();
        var normalised = e switch
        {
            ModelRegistered x => Done(checker.Id("modelId", x.ModelId).Id("providerId", x.ProviderId).Text("name", x.Name), x),
            ProviderSuspensionStarted x => Done(checker.Id("suspensionId", x.SuspensionId).Ids("models", x.Models, nonEmpty: true).Text("reason", x.Reason), x),
            ProviderSuspensionLifted x => Done(checker.Id("suspensionId", x.SuspensionId).Ids("models", x.Models, nonEmpty: false), x),
            BanIssued x => Done(
                checker.Id("directiveId", x.DirectiveId).Text("regulator", x.Regulator).Text("instrument", x.Instrument)
                    .Ids("models", x.Models, nonEmpty: true).Interval(x.ValidFrom, x.ValidTo),
                x with { Scope = checker.Scope(x.Scope) }),
            BanAmended x => Done(
                checker.Id("directiveId", x.DirectiveId).Ids("addModels", x.AddModels, nonEmpty: false).Ids("removeModels", x.RemoveModels, nonEmpty: false)
                    .Require(x.AddModels.Count + x.RemoveModels.Count > 0, "an amendment adds or removes at least one model."),
                x),
            BanLifted x => Done(checker.Id("directiveId", x.DirectiveId), x),
            NegotiationOpened x => Done(checker.Id("caseId", x.CaseId).Ids("directiveIds", x.DirectiveIds, nonEmpty: true).Texts("parties", x.Parties), x),
            NegotiationClosed x => Done(checker.Id("caseId", x.CaseId).Text("outcome", x.Outcome), x),
            SafeguardCertified x => Done(
                checker.Id("certificationId", x.CertificationId).Id("providerId", x.ProviderId).Ids("models", x.Models, nonEmpty: true)
                    .Text("certifiedBy", x.CertifiedBy).Texts("controls", x.Controls).Interval(x.ValidFrom, x.ValidTo),
                x),
            SafeguardWithdrawn x => Done(checker.Id("certificationId", x.CertificationId).Text("reason", x.Reason), x),
            ExceptionGranted x => Done(
                checker.Id("exceptionId", x.ExceptionId).Ids("directiveIds", x.DirectiveIds, nonEmpty: true).Ids("models", x.Models, nonEmpty: true)
                    .Ids("requiresSafeguards", x.RequiresSafeguards, nonEmpty: false).Interval(x.ValidFrom, x.ValidTo)
                    .Require(x.Beneficiaries.Count > 0, "an exception names at least one beneficiary."),
                x with { Beneficiaries = x.Beneficiaries.Select(checker.Beneficiary).ToArray() }),
            ExceptionAmended x => Done(
                checker.Id("exceptionId", x.ExceptionId).Ids("addOrganizations", x.AddOrganizations, nonEmpty: false)
                    .Ids("removeOrganizations", x.RemoveOrganizations, nonEmpty: false)
                    .Require(x.AddOrganizations.Count + x.RemoveOrganizations.Count > 0, "an amendment adds or removes at least one organization."),
                x),
            ExceptionRevoked x => Done(checker.Id("exceptionId", x.ExceptionId).Text("reason", x.Reason), x),
            OrganizationRegistered x => Done(checker.Id("orgId", x.OrgId).Text("name", x.Name), x with { Country = checker.Country("country", x.Country) }),
            PartnerProvisioned x => Done(checker.Id("orgId", x.OrgId).Id("modelId", x.ModelId).OptionalId("exceptionId", x.ExceptionId), x),
            PartnerDeprovisioned x => Done(checker.Id("orgId", x.OrgId).Id("modelId", x.ModelId).Text("reason", x.Reason), x),
            PersonEnrolled x => Done(
                checker.Id("personId", x.PersonId).Id("orgId", x.OrgId).Require(x.Citizenships.Count > 0, "a person has at least one citizenship."),
                x with { Citizenships = checker.CountryList("citizenships", x.Citizenships), Location = checker.Country("location", x.Location) }),
            PersonRelocated x => Done(checker.Id("personId", x.PersonId), x with { Location = checker.Country("location", x.Location) }),
            PersonOffboarded x => Done(checker.Id("personId", x.PersonId), x),
            _ => throw new LedgerRuleException(ErrorCodes.UnknownEventType, $"{e.GetType().Name} is not an event of the contract."),
        };
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

    private sealed class Checker
    {
        private readonly List<(string Code, string Message)> _problems = [];

        public Checker Id(string field, string? value)
        {
            if (!IsSlug(value))
            {
                Fail(ErrorCodes.InvalidField, $"{field} '{value}' is not an identifier: lower-case letters, digits, '.', '_' or '-', starting with a letter or digit, at most 64.");
            }

            return this;
        }

        public Checker OptionalId(string field, string? value) => value is null ? this : Id(field, value);

        public Checker Ids(string field, IReadOnlyList<string> values, bool nonEmpty)
        {
            if (nonEmpty && values.Count == 0)
            {
                Fail(ErrorCodes.InvalidField, $"{field} must name at least one.");
            }

            foreach (var value in values)
            {
                Id(field, value);
            }

            if (values.Distinct(StringComparer.Ordinal).Count() != values.Count)
            {
                Fail(ErrorCodes.InvalidField, $"{field} names the same one twice.");
            }

            return this;
        }

        public Checker Texts(string field, IReadOnlyList<string> values) =>
            Require(values.Count > 0 && values.All(v => !string.IsNullOrWhiteSpace(v)), $"{field} must name at least one, none empty.");

        public Checker Text(string field, string value) => Require(!string.IsNullOrWhiteSpace(value), $"{field} must not be empty.");

        public Checker Require(bool condition, string message)
        {
            if (!condition)
            {
                Fail(ErrorCodes.InvalidField, message);
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

        public string Country(string field, string code)
        {
            var (normalised, problem) = Countries.Normalize(code);
            if (problem is not null)
            {
                Fail(ErrorCodes.InvalidField, $"{field}: {problem}");
            }

            return normalised ?? code;
        }

        public string[] CountryList(string field, IReadOnlyList<string> codes) => codes.Select(c => Country(field, c)).Distinct().ToArray();

        public BanScope Scope(BanScope scope)
        {
            if (scope.Kind == BanScopeKind.Nationalities)
            {
                Require(scope.Nationalities is { Count: > 0 }, "a ban on nationalities lists at least one nationality.");
                return scope with { Nationalities = CountryList("scope.nationalities", scope.Nationalities ?? []) };
            }

            Require(scope.Nationalities is null or { Count: 0 }, $"scope.nationalities is only for kind 'nationalities'.");
            return scope with { Nationalities = null };
        }

        public Beneficiary Beneficiary(Beneficiary beneficiary)
        {
            switch (beneficiary)
            {
                case OrganizationEmployees o:
                    Ids("beneficiaries.organizations", o.Organizations, nonEmpty: true);
                    return o;
                case ProviderEmployees p:
                    Id("beneficiaries.providerId", p.ProviderId);
                    return p with { Locations = CountryList("beneficiaries.locations", p.Locations ?? []) };
                default:
                    Fail(ErrorCodes.InvalidField, "a beneficiary is organization_employees or provider_employees.");
                    return beneficiary;
            }
        }

        private void Fail(string code, string message) => _problems.Add((code, message));

        public void ThrowIfFailed()
        {
            if (_problems.Count > 0)
            {
                var (code, _) = _problems[0];
                throw new LedgerRuleException(code, string.Join(" ", _problems.Select(p => p.Message)));
            }
        }
    }
}

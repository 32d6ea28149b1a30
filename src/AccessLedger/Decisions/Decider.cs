using AccessLedger.Events;
using AccessLedger.Timelines;
using AccessLedger.Wire;

namespace AccessLedger.Decisions;

/// <summary>
/// The decision of LEDGER.md section 4, as a pure function over timeline state: no database, no clock. Every gate
/// is evaluated; every failing gate is reported once, in order, with the events it cites.
/// </summary>
public static class Decider
{
    /// <summary>Decides whether <paramref name="subject"/> may use <paramref name="modelId"/> at T as known at K.</summary>
    public static Decision Decide(DecisionState state, string modelId, Subject subject, DateTimeOffset at, DateTimeOffset? knownAt)
    {
        var knowledge = new Knowledge(knownAt);
        var reasons = new List<DecisionReason>();
        var basis = new List<EventRef>();
        var when = $"at {LedgerJson.Format(at)}{(knownAt is { } k ? $" as known at {LedgerJson.Format(k)}" : "")}";

        // Gate 1: a model and a subject to apply the other gates to.
        var registration = state.Model?.RegistrationAt(at, knowledge);
        if (registration is null)
        {
            var later = state.Model?.Registrations.Where(knowledge.Knows).Select(r => r.Ref).ToList() ?? [];
            reasons.Add(new(ReasonCodes.UnknownModel, $"model {modelId} is not registered {when}.", later));
        }
        else
        {
            basis.Add(registration.Ref);
        }

        var resolved = ResolveSubject(state, subject, at, knowledge, when, basis, out var unknownSubject);
        if (unknownSubject is not null)
        {
            reasons.Add(unknownSubject);
        }

        if (registration is null || resolved is null)
        {
            return new Decision(modelId, subject, at, knownAt, reasons, []);
        }

        var who = resolved.Value;
        CheckBans(state, modelId, who, at, knowledge, when, reasons, basis);
        CheckSuspensions(state, modelId, who, at, knowledge, when, reasons);
        if (registration.Event.Availability == ModelAvailability.Restricted)
        {
            var change = who.Organization.ProvisioningChangeAt(modelId, at, knowledge, out var provisioned);
            if (provisioned)
            {
                basis.Add(change!);
            }
            else
            {
                reasons.Add(new(
                    ReasonCodes.NotProvisioned,
                    $"{modelId} is restricted to provisioned organizations and {who.OrgId} is not provisioned for it {when}" +
                    (change is null ? "." : $": it was deprovisioned from {LedgerJson.Format(change.ValidFrom)}."),
                    change is null ? [registration.Ref] : [registration.Ref, change]));
            }
        }

        return new Decision(modelId, subject, at, knownAt, reasons, reasons.Count == 0 ? basis.Distinct().ToList() : []);
    }

    /// <summary>The attributes the gates read, for the subject at T.</summary>
    private readonly record struct Who(string OrgId, OrganizationTimeline Organization, bool OrganizationIsUsPerson, IReadOnlyList<string> Citizenships, UsPersonStatus Status, string Location)
    {
        /// <summary>A foreign person, or anyone whose organization is not a US person.</summary>
        public bool IsForeign => Status == UsPersonStatus.None || !OrganizationIsUsPerson;
    }

    private static Who? ResolveSubject(DecisionState state, Subject subject, DateTimeOffset at, Knowledge knowledge, string when, List<EventRef> basis, out DecisionReason? unknown)
    {
        unknown = null;
        string orgId;
        IReadOnlyList<string> citizenships;
        UsPersonStatus status;
        string location;
        switch (subject)
        {
            case EnrolledPerson p:
                EventRef? offboarding = null;
                var person = state.Person?.At(at, knowledge, out offboarding);
                if (person is null)
                {
                    unknown = new(
                        ReasonCodes.UnknownSubject,
                        offboarding is null ? $"person {p.PersonId} is not enrolled {when}." : $"person {p.PersonId} was offboarded from {LedgerJson.Format(offboarding.ValidFrom)}.",
                        offboarding is null ? [] : [offboarding]);
                    return null;
                }

                basis.Add(person.Enrolment.Ref);
                if (person.Relocation is { } relocation)
                {
                    basis.Add(relocation);
                }

                (orgId, citizenships, status, location) = (person.Enrolment.Event.OrgId, person.Enrolment.Event.Citizenships, person.Enrolment.Event.UsPersonStatus, person.Location);
                break;
            case AdHocSubject a:
                (orgId, citizenships, status, location) = (a.OrgId, a.Citizenships, a.UsPersonStatus, a.Location);
                break;
            default:
                throw new ArgumentException($"unknown subject {subject}", nameof(subject));
        }

        var organization = state.Organizations.GetValueOrDefault(orgId);
        var registered = organization?.RegistrationAt(at, knowledge);
        if (registered is null)
        {
            unknown = new(ReasonCodes.UnknownSubject, $"organization {orgId} is not registered {when}.", []);
            return null;
        }

        basis.Add(registered.Ref);
        return new Who(orgId, organization!, registered.Event.UsPerson, citizenships, status, location);
    }

    private static void CheckBans(DecisionState state, string modelId, Who who, DateTimeOffset at, Knowledge knowledge, string when, List<DecisionReason> reasons, List<EventRef> basis)
    {
        var unrelieved = new List<(DirectiveTimeline Ban, string Why)>();
        foreach (var ban in state.Directives.Values.OrderBy(d => d.Id, StringComparer.Ordinal))
        {
            if (!ban.InForceAt(at, knowledge) || !ban.CoversAt(modelId, at, knowledge) || !Matches(ban.Issued!.Event.Scope, who))
            {
                continue;
            }

            var whyNot = new List<string>();
            var relief = state.Exceptions.Values.OrderBy(e => e.Id, StringComparer.Ordinal)
                .Select(e => (Exception: e, Chain: Relieves(e, ban.Id, state, modelId, who, at, knowledge, whyNot)))
                .FirstOrDefault(r => r.Chain is not null);
            if (relief.Chain is not null)
            {
                basis.Add(ban.Issued.Ref);
                basis.AddRange(ban.AmendmentsNaming(modelId, at, knowledge));
                basis.AddRange(relief.Chain);
            }
            else
            {
                unrelieved.Add((ban, whyNot.Count == 0 ? "no exception relieves it" : string.Join("; ", whyNot)));
            }
        }

        if (unrelieved.Count > 0)
        {
            var sentences = unrelieved.Select(u =>
                $"directive {u.Ban.Id} ({u.Ban.Issued!.Event.Regulator}, {string.Join(", ", u.Ban.Issued.Event.LegalBasis)}) bars {Describe(u.Ban.Issued.Event.Scope)} from {modelId} since {LedgerJson.Format(u.Ban.Issued.Event.ValidFrom)}, and {u.Why}");
            reasons.Add(new(
                ReasonCodes.LegalBan,
                $"{string.Join("; ", sentences)} — {when}.",
                unrelieved.SelectMany(u => u.Ban.AmendmentsNaming(modelId, at, knowledge).Prepend(u.Ban.Issued!.Ref)).ToList()));
        }
    }

    /// <summary>The chain exception → safeguards → provisioning when <paramref name="exception"/> relieves the ban; else null, with why not.</summary>
    private static List<EventRef>? Relieves(ExceptionTimeline exception, string directiveId, DecisionState state, string modelId, Who who, DateTimeOffset at, Knowledge knowledge, List<string> whyNot)
    {
        if (exception.Granted is not { } granted || !knowledge.Knows(granted) || !granted.Event.DirectiveIds.Contains(directiveId))
        {
            return null;
        }

        var grant = granted.Event;
        string? problem = null;
        var chain = new List<EventRef> { granted.Ref };
        if (!exception.InForceAt(at, knowledge))
        {
            problem = grant.ValidFrom > at ? $"is not yet in force: it starts {LedgerJson.Format(grant.ValidFrom)}" : "is no longer in force (expired or revoked)";
        }
        else if (!grant.Models.Contains(modelId))
        {
            problem = $"does not cover {modelId}";
        }
        else if (!IsBeneficiary(exception, grant, who, at, knowledge, chain))
        {
            problem = $"does not list {who.OrgId} (or a person of it located in {who.Location}) among its beneficiaries";
        }
        else
        {
            foreach (var safeguardId in grant.RequiresSafeguards)
            {
                var safeguard = state.Safeguards.GetValueOrDefault(safeguardId);
                if (safeguard is null || !safeguard.HoldsAt(at, knowledge))
                {
                    problem = $"requires safeguard {safeguardId}, which is not certified then";
                    break;
                }

                chain.Add(safeguard.Certified!.Ref);
            }

            if (problem is null && grant.RequiresProvisioning)
            {
                var change = who.Organization.ProvisioningChangeAt(modelId, at, knowledge, out var provisioned);
                if (provisioned)
                {
                    chain.Add(change!);
                }
                else
                {
                    problem = $"requires {who.OrgId} to be provisioned for {modelId}, and it is not";
                }
            }
        }

        if (problem is null)
        {
            return chain;
        }

        whyNot.Add($"exception {exception.Id} {problem}");
        return null;
    }

    private static bool IsBeneficiary(ExceptionTimeline exception, ExceptionGranted grant, Who who, DateTimeOffset at, Knowledge knowledge, List<EventRef> chain)
    {
        if (exception.OrganizationsAt(at, knowledge).Contains(who.OrgId))
        {
            chain.AddRange(knowledge.InEffect(exception.Amendments, at).Where(a => a.Event.AddOrganizations.Contains(who.OrgId)).Select(a => a.Ref));
            return true;
        }

        return grant.Beneficiaries.OfType<ProviderEmployees>().Any(p =>
            p.ProviderId == who.OrgId && (p.Locations is null || p.Locations.Count == 0 || p.Locations.Contains(who.Location)));
    }

    private static void CheckSuspensions(DecisionState state, string modelId, Who who, DateTimeOffset at, Knowledge knowledge, string when, List<DecisionReason> reasons)
    {
        var covering = state.Suspensions.Values.OrderBy(s => s.Id, StringComparer.Ordinal)
            .Where(s => s.CoversAt(modelId, at, knowledge) && (s.Started!.Event.Scope == SuspensionScope.AllUsers || who.IsForeign))
            .ToList();
        if (covering.Count > 0)
        {
            var sentences = covering.Select(s => $"the provider suspended {modelId} for {(s.Started!.Event.Scope == SuspensionScope.AllUsers ? "all users" : "foreign persons")} from {LedgerJson.Format(s.Started.Event.ValidFrom)} (suspension {s.Id}: {s.Started.Event.Reason})");
            reasons.Add(new(ReasonCodes.ProviderSuspended, $"{string.Join("; ", sentences)}, not lifted {when}.", covering.Select(s => s.Started!.Ref).ToList()));
        }
    }

    private static bool Matches(BanScope scope, Who who) => scope.Kind switch
    {
        BanScopeKind.AllUsers => true,
        BanScopeKind.ForeignPersons => who.IsForeign,
        BanScopeKind.Nationalities => who.Citizenships.Any(c => scope.Nationalities?.Contains(c) == true),
        _ => false,
    };

    private static string Describe(BanScope scope) => scope.Kind switch
    {
        BanScopeKind.AllUsers => "all users",
        BanScopeKind.ForeignPersons => "foreign persons",
        _ => $"nationals of {string.Join(", ", scope.Nationalities ?? [])}",
    };
}

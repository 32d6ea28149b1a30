using AccessLedger.Events;
using AccessLedger.Timelines;

namespace AccessLedger.Rules;

/// <summary>
/// The rules of LEDGER.md section 5 that depend on what the ledger holds: what is amended, lifted, revoked,
/// withdrawn or closed must exist; an exception relieves directives that exist and cover its models and requires
/// safeguards that exist; provisioning and enrolment need registered organizations and models, and must change
/// something. The state is everything recorded so far, including earlier events of the same batch.
/// </summary>
internal static class WriteRules
{
    /// <summary>Throws a <see cref="LedgerRuleException"/> when <paramref name="e"/> may not be recorded on <paramref name="state"/>.</summary>
    public static void Check(ILedgerEvent e, TimelineSet state)
    {
        var now = Knowledge.Now;
        switch (e)
        {
            case ModelRegistered x:
                Require(state.Find<ModelTimeline>(x.ModelId) is not { Registrations.Count: > 0 }, ErrorCodes.AlreadyExists, $"model {x.ModelId} is registered already.");
                break;
            case ProviderSuspensionStarted x:
                Require(state.Find<SuspensionTimeline>(x.SuspensionId)?.Started is null, ErrorCodes.AlreadyExists, $"suspension {x.SuspensionId} was started already.");
                break;
            case ProviderSuspensionLifted x:
                var suspension = state.Find<SuspensionTimeline>(x.SuspensionId);
                Require(suspension?.Started is not null, ErrorCodes.UnknownSuspension, $"suspension {x.SuspensionId} was never started, so it cannot be lifted.");
                var stillSuspended = suspension!.ModelsStillSuspended().ToHashSet();
                Require(stillSuspended.Count > 0, ErrorCodes.AlreadyEnded, $"suspension {x.SuspensionId} is lifted for every model already.");
                var notSuspended = x.Models.Where(m => !stillSuspended.Contains(m)).ToList();
                Require(notSuspended.Count == 0, ErrorCodes.AlreadyEnded, $"suspension {x.SuspensionId} does not hold for {string.Join(", ", notSuspended)}, so it cannot be lifted for it.");
                break;
            case BanIssued x:
                Require(state.Find<DirectiveTimeline>(x.DirectiveId)?.Issued is null, ErrorCodes.AlreadyExists, $"directive {x.DirectiveId} was issued already.");
                break;
            case BanAmended x:
                RequireOpen(state.Find<DirectiveTimeline>(x.DirectiveId), x.DirectiveId, "amended");
                break;
            case BanLifted x:
                var lifted = RequireOpen(state.Find<DirectiveTimeline>(x.DirectiveId), x.DirectiveId, "lifted");
                Require(lifted.Lifts.Count == 0, ErrorCodes.AlreadyEnded, $"directive {x.DirectiveId} was lifted already.");
                break;
            case NegotiationOpened x:
                Require(state.Find<NegotiationTimeline>(x.CaseId)?.Opened is null, ErrorCodes.AlreadyExists, $"negotiation {x.CaseId} was opened already.");
                break;
            case NegotiationClosed x:
                var negotiation = state.Find<NegotiationTimeline>(x.CaseId);
                Require(negotiation?.Opened is not null, ErrorCodes.UnknownNegotiation, $"negotiation {x.CaseId} was never opened, so it cannot be closed.");
                Require(negotiation!.Closings.Count == 0, ErrorCodes.AlreadyEnded, $"negotiation {x.CaseId} was closed already.");
                break;
            case SafeguardCertified x:
                Require(state.Find<SafeguardTimeline>(x.CertificationId)?.Certified is null, ErrorCodes.AlreadyExists, $"safeguard {x.CertificationId} was certified already.");
                break;
            case SafeguardWithdrawn x:
                var safeguard = state.Find<SafeguardTimeline>(x.CertificationId);
                Require(safeguard?.Certified is not null, ErrorCodes.UnknownSafeguard, $"safeguard {x.CertificationId} was never certified, so it cannot be withdrawn.");
                Require(safeguard!.Withdrawals.Count == 0, ErrorCodes.AlreadyEnded, $"safeguard {x.CertificationId} was withdrawn already.");
                break;
            case ExceptionGranted x:
                CheckGrant(x, state);
                break;
            case ExceptionAmended x:
                RequireGranted(state.Find<ExceptionTimeline>(x.ExceptionId), x.ExceptionId, "amended");
                break;
            case ExceptionRevoked x:
                var revoked = RequireGranted(state.Find<ExceptionTimeline>(x.ExceptionId), x.ExceptionId, "revoked");
                Require(revoked.Revocations.Count == 0, ErrorCodes.AlreadyEnded, $"exception {x.ExceptionId} was revoked already.");
                break;
            case OrganizationRegistered x:
                Require(state.Find<OrganizationTimeline>(x.OrgId)?.Registered is null, ErrorCodes.AlreadyExists, $"organization {x.OrgId} is registered already.");
                break;
            case PartnerProvisioned x:
                var organization = RequireOrganization(state, x.OrgId, "provisioned");
                Require(state.Find<ModelTimeline>(x.ModelId) is { Registrations.Count: > 0 }, ErrorCodes.UnknownModel, $"model {x.ModelId} is not registered, so no organization can be provisioned for it.");
                if (x.ExceptionId is { } exceptionId)
                {
                    RequireGranted(state.Find<ExceptionTimeline>(exceptionId), exceptionId, "cited by a provisioning");
                }

                organization.ProvisioningChangeAt(x.ModelId, x.ValidFrom, now, out var provisioned);
                Require(!provisioned, ErrorCodes.AlreadyProvisioned, $"organization {x.OrgId} is already provisioned for {x.ModelId} at {x.ValidFrom:O}.");
                break;
            case PartnerDeprovisioned x:
                var deprovisioned = RequireOrganization(state, x.OrgId, "deprovisioned");
                deprovisioned.ProvisioningChangeAt(x.ModelId, x.ValidFrom, now, out var wasProvisioned);
                Require(wasProvisioned, ErrorCodes.NotProvisioned, $"organization {x.OrgId} is not provisioned for {x.ModelId} at {x.ValidFrom:O}, so it cannot be deprovisioned.");
                break;
            case PersonEnrolled x:
                RequireOrganization(state, x.OrgId, "enrolled into");
                Require(state.Find<PersonTimeline>(x.PersonId)?.At(x.ValidFrom, now, out _) is null, ErrorCodes.AlreadyEnrolled, $"person {x.PersonId} is already enrolled at {x.ValidFrom:O}; offboard them first.");
                break;
            case PersonRelocated x:
                Require(state.Find<PersonTimeline>(x.PersonId) is { Enrolments.Count: > 0 }, ErrorCodes.UnknownPerson, $"person {x.PersonId} was never enrolled, so cannot be relocated.");
                break;
            case PersonOffboarded x:
                var person = state.Find<PersonTimeline>(x.PersonId);
                Require(person is { Enrolments.Count: > 0 }, ErrorCodes.UnknownPerson, $"person {x.PersonId} was never enrolled, so cannot be offboarded.");
                Require(person!.At(x.ValidFrom, now, out _) is not null, ErrorCodes.AlreadyEnded, $"person {x.PersonId} is not enrolled at {x.ValidFrom:O}, so cannot be offboarded.");
                break;
        }
    }

    private static void CheckGrant(ExceptionGranted x, TimelineSet state)
    {
        Require(state.Find<ExceptionTimeline>(x.ExceptionId)?.Granted is null, ErrorCodes.AlreadyExists, $"exception {x.ExceptionId} was granted already.");
        var directives = new List<DirectiveTimeline>();
        foreach (var directiveId in x.DirectiveIds)
        {
            var directive = state.Find<DirectiveTimeline>(directiveId);
            Require(directive?.Issued is not null, ErrorCodes.UnknownDirective, $"exception {x.ExceptionId} relieves directive {directiveId}, which was never issued.");
            directives.Add(directive!);
        }

        var covered = directives.SelectMany(d => d.ModelsEverCovered()).ToHashSet();
        var uncovered = x.Models.Where(m => !covered.Contains(m)).ToList();
        Require(uncovered.Count == 0, ErrorCodes.ModelNotCovered, $"exception {x.ExceptionId} names {string.Join(", ", uncovered)}, which none of {string.Join(", ", x.DirectiveIds)} covers.");
        foreach (var safeguardId in x.RequiresSafeguards)
        {
            Require(state.Find<SafeguardTimeline>(safeguardId)?.Certified is not null, ErrorCodes.UnknownSafeguard, $"exception {x.ExceptionId} requires safeguard {safeguardId}, which was never certified.");
        }
    }

    private static DirectiveTimeline RequireOpen(DirectiveTimeline? directive, string id, string verb)
    {
        Require(directive?.Issued is not null, ErrorCodes.UnknownDirective, $"directive {id} was never issued, so it cannot be {verb}.");
        return directive!;
    }

    private static ExceptionTimeline RequireGranted(ExceptionTimeline? exception, string id, string verb)
    {
        Require(exception?.Granted is not null, ErrorCodes.UnknownException, $"exception {id} was never granted, so it cannot be {verb}.");
        return exception!;
    }

    private static OrganizationTimeline RequireOrganization(TimelineSet state, string orgId, string verb)
    {
        var organization = state.Find<OrganizationTimeline>(orgId);
        Require(organization?.Registered is not null, ErrorCodes.UnknownOrganization, $"organization {orgId} is not registered, so it cannot be {verb}.");
        return organization!;
    }

    private static void Require(bool condition, string code, string message)
    {
        if (!condition)
        {
            throw new LedgerRuleException(code, message);
        }
    }
}

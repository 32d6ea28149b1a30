using AccessLedger.Events;
using AccessLedger.Timelines;

namespace AccessLedger.Rules;

/// <summary>
/// The rules of LEDGER.md section 5 that depend on what the ledger holds, each declared with its event's kind
/// (<see cref="EventKind{TEvent}.Rule"/>): what is amended, lifted, revoked, withdrawn or closed must exist; an
/// exception relieves directives that exist and cover its models and requires safeguards that exist; provisioning
/// and enrolment need registered organizations and models, and must change something. The state is everything
/// recorded so far, including earlier events of the same batch. Here: the entry point and the checks several
/// kinds share.
/// </summary>
internal static class WriteRules
{
    /// <summary>Throws a <see cref="LedgerRuleException"/> when <paramref name="e"/> may not be recorded on <paramref name="state"/>.</summary>
    public static void Check(ILedgerEvent e, TimelineSet state) => EventCatalog.KindOf(e).Judge(e, state);

    /// <summary>The directive, which must have been issued to be <paramref name="verb"/>.</summary>
    public static DirectiveTimeline RequireIssued(TimelineSet state, string id, string verb)
    {
        var directive = state.Find<DirectiveTimeline>(id);
        Require(directive?.Issued is not null, ErrorCodes.UnknownDirective, $"directive {id} was never issued, so it cannot be {verb}.");
        return directive!;
    }

    /// <summary>The directive, issued and not lifted, to be <paramref name="verb"/> (a validity change, suspension or reinstatement).</summary>
    public static DirectiveTimeline RequireLiveBan(TimelineSet state, string id, string verb)
    {
        var directive = RequireIssued(state, id, verb);
        Require(directive.Lifts.Count == 0, ErrorCodes.AlreadyEnded, $"directive {id} was lifted, so it cannot be {verb}.");
        return directive;
    }

    /// <summary>The exception, granted and not revoked, to be <paramref name="verb"/> (a validity change, suspension or reinstatement).</summary>
    public static ExceptionTimeline RequireLiveException(TimelineSet state, string id, string verb)
    {
        var exception = RequireGranted(state, id, verb);
        Require(exception.Revocations.Count == 0, ErrorCodes.AlreadyEnded, $"exception {id} was revoked, so it cannot be {verb}.");
        return exception;
    }

    /// <summary>A validity change's new end, if any, is after the instrument's own validFrom (its own validFrom is a field check).</summary>
    public static void RequireEndAfterStart(DateTimeOffset? validTo, DateTimeOffset instrumentFrom, string instrument)
    {
        Require(
            validTo is not { } to || to > instrumentFrom,
            ErrorCodes.InvalidInterval,
            $"validTo {(validTo is { } end ? Wire.LedgerJson.Format(end) : "")} must be after the validFrom of {instrument}, {Wire.LedgerJson.Format(instrumentFrom)}.");
    }

    /// <summary>A reinstatement needs a suspension of the same instrument in effect at or before it.</summary>
    public static void RequireSuspension(Validity validity, DateTimeOffset from, string instrument)
    {
        Require(
            validity.Suspensions.Exists(s => s.Event.ValidFrom <= from),
            ErrorCodes.UnknownSuspension,
            $"{instrument} has no suspension from {Wire.LedgerJson.Format(from)} or earlier, so it cannot be reinstated.");
    }

    /// <summary>The exception, which must have been granted to be <paramref name="verb"/>.</summary>
    public static ExceptionTimeline RequireGranted(TimelineSet state, string id, string verb)
    {
        var exception = state.Find<ExceptionTimeline>(id);
        Require(exception?.Granted is not null, ErrorCodes.UnknownException, $"exception {id} was never granted, so it cannot be {verb}.");
        return exception!;
    }

    /// <summary>The organization, which must be registered to be <paramref name="verb"/>.</summary>
    public static OrganizationTimeline RequireOrganization(TimelineSet state, string orgId, string verb)
    {
        var organization = state.Find<OrganizationTimeline>(orgId);
        Require(organization?.Registered is not null, ErrorCodes.UnknownOrganization, $"organization {orgId} is not registered, so it cannot be {verb}.");
        return organization!;
    }

    /// <summary>Throws a <see cref="LedgerRuleException"/> with the code and message unless <paramref name="condition"/> holds.</summary>
    public static void Require(bool condition, string code, string message)
    {
        if (!condition)
        {
            throw new LedgerRuleException(code, message);
        }
    }
}

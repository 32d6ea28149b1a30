using AccessLedger.Events;
using AccessLedger.Timelines;
using AccessLedger.Wire;

namespace AccessLedger.Decisions;

/// <summary>
/// The part of the decision of LEDGER.md section 4 that depends on the model alone at one valid time T as known at
/// K: its registration, the bans in force that cover it with the exceptions to them (in force, covering it, their
/// beneficiaries and required safeguards), and the suspensions that cover it. Evaluated once by
/// <see cref="Evaluate"/>; <see cref="Decide"/> then adds the subject. Asking about many subjects at the same
/// (model, T, K), as the audit queries do, evaluates the model once; <see cref="Decider.Decide(DecisionState, DecisionQuestion)"/> is the same two
/// steps for one subject. Immutable once evaluated, so subjects may be decided in parallel.
/// </summary>
internal sealed class ModelGates
{
    private readonly string _modelId;
    private readonly string _activity;
    private readonly IReadOnlyList<string> _classes = [];
    private readonly DateTimeOffset _at;
    private readonly DateTimeOffset? _knownAt;
    private readonly Knowledge _knowledge;
    private readonly string _when;
    private readonly Recorded<ModelRegistered>? _registration;
    private readonly DecisionReason? _unknownModel;
    private readonly List<BanGate> _bans = [];
    private readonly List<SuspensionGate> _suspensions = [];

    // The events a legal-ban reason cites, by the set of bans left unrelieved (bit i: ban i, up to 64 bans): most
    // subjects share one of a few sets, so their reasons share one array.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ulong, EventRef[]> _cited = new();

    private ModelGates(DecisionState state, string modelId, string activity, DateTimeOffset at, DateTimeOffset? knownAt, KnowledgeBasis basis)
    {
        (_modelId, _activity, _at, _knownAt, _knowledge) = (modelId, activity, at, knownAt, new Knowledge(knownAt, basis));
        _when = $"at {LedgerJson.Format(at)}{(knownAt is { } k ? $" as {(basis == KnowledgeBasis.Notice ? "on notice" : "known")} at {LedgerJson.Format(k)}" : "")}";

        // Gate 1, the model's half: registered at T.
        _registration = state.Model?.RegistrationAt(at, _knowledge);
        if (_registration is null)
        {
            var later = state.Model?.Registrations.Where(_knowledge.Knows).Select(r => r.Ref).ToList() ?? [];
            _unknownModel = new(ReasonCodes.UnknownModel, $"model {modelId} is not registered {_when}.", later);
            return;
        }

        _classes = state.Model!.ClassesAt(at, _knowledge);
        var exceptions = state.Exceptions.Values.OrderBy(e => e.Id, StringComparer.Ordinal).ToList();
        foreach (var ban in state.Directives.Values.OrderBy(d => d.Id, StringComparer.Ordinal))
        {
            // A ban applies only to the activities it controls (none named: every activity; LEDGER.md section 7.2).
            if (ban.InForceAt(at, _knowledge, out var change) && Controls(ban.Issued!.Event.Activities, activity) && ban.CoversAt(modelId, _classes, at, _knowledge))
            {
                _bans.Add(BanGateOf(ban, change, exceptions, state));
            }
        }

        foreach (var suspension in state.Suspensions.Values.OrderBy(s => s.Id, StringComparer.Ordinal))
        {
            if (suspension.CoversAt(modelId, at, _knowledge))
            {
                var started = suspension.Started!;
                var allUsers = started.Event.Scope == SuspensionScope.AllUsers;
                _suspensions.Add(new(
                    allUsers,
                    $"the provider suspended {modelId} for {(allUsers ? "all users" : "foreign persons")} from {LedgerJson.Format(started.Event.ValidFrom)} (suspension {suspension.Id}: {started.Event.Reason})",
                    started.Ref));
            }
        }
    }

    /// <summary>Evaluates the model's gates at T as known at K from the model's part of <paramref name="state"/> (its person is not read).</summary>
    public static ModelGates Evaluate(
        DecisionState state, string modelId, DateTimeOffset at, DateTimeOffset? knownAt, string activity = Activities.Use, KnowledgeBasis knowledge = KnowledgeBasis.Recorded)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new ModelGates(state, modelId, activity, at, knownAt, knowledge);
    }

    /// <summary>Decides whether <paramref name="subject"/> may use the model at T as known at K.</summary>
    /// <param name="subject">An enrolled person or ad-hoc attributes.</param>
    /// <param name="person">The person's timeline, for an enrolled person (null: not enrolled).</param>
    /// <param name="organizations">Organizations by id (at least the subject's).</param>
    public Decision Decide(Subject subject, PersonTimeline? person, IReadOnlyDictionary<string, OrganizationTimeline> organizations)
    {
        ArgumentNullException.ThrowIfNull(organizations);
        var reasons = new List<DecisionReason>(1);
        var basis = new List<EventRef>(8);

        // Gate 1: a model and a subject to apply the other gates to.
        if (_unknownModel is not null)
        {
            reasons.Add(_unknownModel);
        }
        else
        {
            basis.Add(_registration!.Ref);
        }

        var resolved = ResolveSubject(subject, person, organizations, basis, out var unknownSubject);
        if (unknownSubject is not null)
        {
            reasons.Add(unknownSubject);
        }

        if (_registration is null || resolved is null)
        {
            return new Decision(_modelId, subject, _at, _knownAt, reasons.ToArray(), []) { Activity = _activity, Knowledge = _knowledge.Basis };
        }

        var who = resolved.Value;
        CheckBans(who, reasons, basis, parties: true);
        CheckBans(who, reasons, basis, parties: false);
        CheckSuspensions(who, reasons);
        if (_registration.Event.Availability == ModelAvailability.Restricted)
        {
            var change = who.Organization.ProvisioningChangeAt(_modelId, _at, _knowledge, out var provisioned);
            if (provisioned)
            {
                basis.Add(change!);
            }
            else
            {
                reasons.Add(new(
                    ReasonCodes.NotProvisioned,
                    $"{_modelId} is restricted to provisioned organizations and {who.OrgId} is not provisioned for it {_when}" +
                    (change is null ? "." : $": it was deprovisioned from {LedgerJson.Format(change.ValidFrom)}."),
                    change is null ? [_registration.Ref] : [_registration.Ref, change]));
            }
        }

        // Arrays, not the lists they were built in: an audit keeps thousands of decisions, each object costs.
        return new Decision(_modelId, subject, _at, _knownAt, reasons.ToArray(), reasons.Count == 0 ? Distinct(basis) : []) { Activity = _activity, Knowledge = _knowledge.Basis };
    }

    /// <summary>The events in order, each once (a handful: no set needed).</summary>
    private static EventRef[] Distinct(List<EventRef> events)
    {
        for (var i = events.Count - 1; i > 0; i--)
        {
            if (events.IndexOf(events[i]) < i)
            {
                events.RemoveAt(i);
            }
        }

        return events.ToArray();
    }

    private BanGate BanGateOf(DirectiveTimeline ban, EventRef? validityChange, List<ExceptionTimeline> exceptions, DecisionState state)
    {
        var issued = ban.Issued!;
        var cited = ban.AmendmentsNaming(_modelId, _classes, _at, _knowledge).Prepend(issued.Ref).ToList();
        if (validityChange is not null)
        {
            // The change that kept the ban in force then is part of why it applies.
            cited.Add(validityChange);
        }

        var sentence = $"directive {ban.Id} ({issued.Event.Regulator}, {string.Join(", ", issued.Event.LegalBasis)}) bars {Describe(issued.Event.Scope)} from {_modelId} since {LedgerJson.Format(issued.Event.ValidFrom)}";
        var reliefs = exceptions
            .Where(e => e.Granted is { } granted && _knowledge.Knows(granted) && granted.Event.DirectiveIds.Contains(ban.Id))
            .Select(e => ExceptionGateOf(e, state))
            .ToList();
        // The countries a ban on nationalities or destinations reaches at T: those it lists and the members of its groups then.
        var scope = issued.Event.Scope;
        var countries = new HashSet<string>([.. scope.Nationalities ?? [], .. scope.Countries ?? []], StringComparer.Ordinal);
        foreach (var groupId in scope.Groups ?? [])
        {
            if (state.Groups.GetValueOrDefault(groupId) is { } group)
            {
                countries.UnionWith(group.MembersAt(_at, _knowledge));
                cited.AddRange(group.RefsAt(_at, _knowledge));
            }
        }

        return new BanGate(scope, sentence, cited, reliefs)
        {
            Countries = countries,
            Listed = scope.Kind == BanScopeKind.Parties ? ban.OrganizationsAt(_at, _knowledge) : [],
            Directive = ban,
        };
    }

    private ExceptionGate ExceptionGateOf(ExceptionTimeline exception, DecisionState state)
    {
        var granted = exception.Granted!;
        var grant = granted.Event;
        var problem = exception.NotInForceAt(_at, _knowledge, out var validityChange);
        if (problem is null && !grant.Models.Contains(_modelId) && !_classes.Any(c => grant.Classes?.Contains(c) == true))
        {
            problem = $"does not cover {_modelId}";
        }
        else if (problem is null && !Controls(grant.Activities, _activity))
        {
            problem = $"does not relieve {_activity}";
        }

        // The safeguards are judged after the beneficiaries (their problem is reported only for a beneficiary).
        string? safeguardProblem = null;
        var safeguards = new List<EventRef>();
        foreach (var safeguardId in grant.RequiresSafeguards)
        {
            var safeguard = state.Safeguards.GetValueOrDefault(safeguardId);
            if (safeguard is null || !safeguard.HoldsAt(_at, _knowledge))
            {
                safeguardProblem = $"requires safeguard {safeguardId}, which is not certified then";
                break;
            }

            safeguards.Add(safeguard.Certified!.Ref);
        }

        return new ExceptionGate(
            exception.Id,
            granted.Ref,
            validityChange,
            problem,
            problem is null ? exception.OrganizationsAt(_at, _knowledge) : new HashSet<string>(),
            problem is null ? _knowledge.InEffect(exception.Amendments, _at).ToList() : [],
            grant.Beneficiaries.OfType<ProviderEmployees>().ToList(),
            safeguardProblem,
            safeguards,
            grant.RequiresProvisioning);
    }

    /// <summary>Whether an instrument naming <paramref name="activities"/> reaches <paramref name="activity"/> (none named: every activity).</summary>
    private static bool Controls(IReadOnlyList<string>? activities, string activity) => activities is not { Count: > 0 } || activities.Contains(activity);

    /// <summary>The attributes the gates read, for the subject at T.</summary>
    private readonly record struct Who(
        string OrgId, OrganizationTimeline Organization, bool OrganizationIsUsPerson, IReadOnlyList<string> Citizenships, UsPersonStatus Status, string Location,
        IReadOnlyDictionary<string, OrganizationTimeline> Organizations)
    {
        /// <summary>A foreign person, or anyone whose organization is not a US person.</summary>
        public bool IsForeign => Status == UsPersonStatus.None || !OrganizationIsUsPerson;
    }

    private Who? ResolveSubject(Subject subject, PersonTimeline? person, IReadOnlyDictionary<string, OrganizationTimeline> organizations, List<EventRef> basis, out DecisionReason? unknown)
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
                var enrolled = person?.At(_at, _knowledge, out offboarding);
                if (enrolled is null)
                {
                    unknown = new(
                        ReasonCodes.UnknownSubject,
                        offboarding is null ? $"person {p.PersonId} is not enrolled {_when}." : $"person {p.PersonId} was offboarded from {LedgerJson.Format(offboarding.ValidFrom)}.",
                        offboarding is null ? [] : [offboarding]);
                    return null;
                }

                basis.Add(enrolled.Enrolment.Ref);
                if (enrolled.Relocation is { } relocation)
                {
                    basis.Add(relocation);
                }

                if (enrolled.StatusChange is { } changed)
                {
                    basis.Add(changed);
                }

                (orgId, citizenships, status, location) = (enrolled.Enrolment.Event.OrgId, enrolled.Citizenships, enrolled.Status, enrolled.Location);
                break;
            case AdHocSubject a:
                (orgId, citizenships, status, location) = (a.OrgId, a.Citizenships, a.UsPersonStatus, a.Location);
                break;
            default:
                throw new ArgumentException($"unknown subject {subject}", nameof(subject));
        }

        var organization = organizations.GetValueOrDefault(orgId);
        var registered = organization?.RegistrationAt(_at, _knowledge);
        if (registered is null)
        {
            unknown = new(ReasonCodes.UnknownSubject, $"organization {orgId} is not registered {_when}.", []);
            return null;
        }

        basis.Add(registered.Ref);
        return new Who(orgId, organization!, registered.Event.UsPerson, citizenships, status, location, organizations);
    }

    /// <summary>
    /// Gate 2 (<paramref name="parties"/>: the bans on named parties, <c>restricted_party</c>) or gate 3 (every other
    /// ban, <c>legal_ban</c>) of LEDGER.md section 7.3: each ban in force that covers the model and reaches the subject
    /// must be relieved.
    /// </summary>
    private void CheckBans(Who who, List<DecisionReason> reasons, List<EventRef> basis, bool parties)
    {
        var unrelieved = 0UL;
        List<EventRef>? many = null;
        for (var i = 0; i < _bans.Count; i++)
        {
            var ban = _bans[i];
            if ((ban.Scope.Kind == BanScopeKind.Parties) != parties || !Matches(ban, who))
            {
                continue;
            }

            if (parties)
            {
                // The amendment that listed the organization, if one did, is part of why the ban reaches it; for an
                // organization restricted by ownership, the ownership events that place it in R and the listings of
                // the listed organizations they lead to (LEDGER.md section 7.3).
                var listing = ban.Listed.Contains(who.OrgId)
                    ? ban.Directive.ListingsOf(who.OrgId, _at, _knowledge).ToList()
                    : OwnedBy(ban, who) is { } owned ? [.. owned.Cited, .. owned.Listed.SelectMany(l => ban.Directive.ListingsOf(l, _at, _knowledge))] : [];
                if (Relief(ban, who, null) is { } relieved)
                {
                    basis.AddRange([.. ban.Cited, .. listing, .. relieved]);
                }
                else
                {
                    (many ??= []).AddRange([.. ban.Cited, .. listing]);
                }

                continue;
            }

            if (Relief(ban, who, null) is { } relief)
            {
                basis.AddRange(ban.Cited);
                basis.AddRange(relief);
            }
            else if (_bans.Count <= 64)
            {
                unrelieved |= 1UL << i;
            }
            else
            {
                (many ??= []).AddRange(ban.Cited);
            }
        }

        if (unrelieved != 0 || many is not null)
        {
            // The sentence is the same walk written out: it needs only the subject's attributes, not this pass's lists.
            reasons.Add(new(parties ? ReasonCodes.RestrictedParty : ReasonCodes.LegalBan, many?.ToArray() ?? Cited(unrelieved), new BanExplanation(this, who, parties)));
        }
    }

    /// <summary>The events of the unrelieved bans (bit i: ban i), in ban order, one array per set.</summary>
    private EventRef[] Cited(ulong unrelieved)
    {
        if (!_cited.TryGetValue(unrelieved, out var cited))
        {
            cited = _cited.GetOrAdd(unrelieved, [.. _bans.Where((_, i) => (unrelieved & (1UL << i)) != 0).SelectMany(b => b.Cited)]);
        }

        return cited;
    }

    /// <summary>The chain of the first exception that relieves the ban for the subject; else null, with each exception's why-not added to <paramref name="whyNot"/> when given.</summary>
    private List<EventRef>? Relief(BanGate ban, Who who, List<string>? whyNot)
    {
        foreach (var exception in ban.Exceptions)
        {
            if (Relieves(exception, who, out var problem) is { } relief)
            {
                return relief;
            }

            whyNot?.Add($"exception {exception.Id} {Explain(exception, problem, who)}");
        }

        return null;
    }

    /// <summary>The sentence of the legal-ban reason: every ban that bars the subject, and why no exception relieves it.</summary>
    private string ExplainBans(Who who, bool parties)
    {
        var sentences = new List<string>();
        foreach (var ban in _bans)
        {
            var whyNot = new List<string>();
            if ((ban.Scope.Kind == BanScopeKind.Parties) == parties && Matches(ban, who) && Relief(ban, who, whyNot) is null)
            {
                var owned = ban.Listed.Contains(who.OrgId) || OwnedBy(ban, who) is not { } chain
                    ? ""
                    : $", which reaches {who.OrgId} as {FactText.List(chain.Listed)} own{(chain.Listed.Count == 1 ? "s" : "")} 50 % or more of it, directly or through organizations they own";
                sentences.Add($"{ban.Sentence}{owned}, and {(whyNot.Count == 0 ? "no exception relieves it" : string.Join("; ", whyNot))}");
            }
        }

        return $"{string.Join("; ", sentences)} — {_when}.";
    }

    /// <summary>The chain exception → safeguards → provisioning when the exception relieves the ban for this subject; else null, with why not.</summary>
    private List<EventRef>? Relieves(ExceptionGate exception, Who who, out Problem problem)
    {
        problem = Problem.None;
        if (exception.Problem is not null)
        {
            problem = Problem.NotInForceForModel;
            return null;
        }

        if (!IsBeneficiary(exception, who))
        {
            problem = Problem.NotBeneficiary;
            return null;
        }

        if (exception.SafeguardProblem is not null)
        {
            problem = Problem.SafeguardMissing;
            return null;
        }

        List<EventRef> chain = [exception.Granted];
        if (exception.ValidityChange is { } kept)
        {
            // The validity change that kept the exception in force then (LEDGER.md section 7.3).
            chain.Add(kept);
        }

        if (exception.Organizations.Contains(who.OrgId))
        {
            // The amendments that made the organization a beneficiary are part of the chain.
            foreach (var amendment in exception.Amendments)
            {
                if (amendment.Event.AddOrganizations.Contains(who.OrgId))
                {
                    chain.Add(amendment.Ref);
                }
            }
        }

        chain.AddRange(exception.Safeguards);
        if (exception.RequiresProvisioning)
        {
            var change = who.Organization.ProvisioningChangeAt(_modelId, _at, _knowledge, out var provisioned);
            if (!provisioned)
            {
                problem = Problem.NotProvisioned;
                return null;
            }

            chain.Add(change!);
        }

        return chain;
    }

    /// <summary>Why the exception does not relieve the subject, as the sentence ends.</summary>
    private string Explain(ExceptionGate exception, Problem problem, Who who) => problem switch
    {
        Problem.NotInForceForModel => exception.Problem!,
        Problem.NotBeneficiary => $"does not list {who.OrgId} (or a person of it located in {who.Location}) among its beneficiaries",
        Problem.SafeguardMissing => exception.SafeguardProblem!,
        _ => $"requires {who.OrgId} to be provisioned for {_modelId}, and it is not",
    };

    private static bool IsBeneficiary(ExceptionGate exception, Who who)
    {
        if (exception.Organizations.Contains(who.OrgId))
        {
            return true;
        }

        foreach (var provider in exception.Providers)
        {
            if (provider.ProviderId == who.OrgId && (provider.Locations is null || provider.Locations.Count == 0 || provider.Locations.Contains(who.Location)))
            {
                return true;
            }
        }

        return false;
    }

    private void CheckSuspensions(Who who, List<DecisionReason> reasons)
    {
        var foreign = who.IsForeign;
        var covering = _suspensions.Count == 0 ? _suspensions : _suspensions.FindAll(s => s.AllUsers || foreign);
        if (covering.Count > 0)
        {
            reasons.Add(new(ReasonCodes.ProviderSuspended, covering.ConvertAll(s => s.Started).ToArray(), new SuspensionExplanation(covering, _when)));
        }
    }

    private bool Matches(BanGate ban, Who who) => ban.Scope.Kind switch
    {
        BanScopeKind.AllUsers => true,
        BanScopeKind.ForeignPersons => who.IsForeign,
        BanScopeKind.Nationalities => SharesAny(who.Citizenships, ban.Countries),
        BanScopeKind.Destinations => ban.Countries.Contains(who.Location),
        BanScopeKind.Parties => ban.Listed.Contains(who.OrgId) || (ban.Scope.Affiliates && OwnedBy(ban, who) is not null),
        _ => false,
    };

    /// <summary>
    /// For a ban on parties with affiliates, whether the subject's organization is restricted by ownership (the 50 %
    /// rule, <see cref="OwnershipRule"/>) at (T, K), with the ownership events and listed organizations that say so;
    /// computed once per organization and ban (an audit asks for many persons of one organization).
    /// </summary>
    private (List<EventRef> Cited, List<string> Listed)? OwnedBy(BanGate ban, Who who) =>
        ban.Owned.GetOrAdd(who.OrgId, (orgId, o) => OwnershipRule.Restricted(orgId, o.Ban.Listed, id => o.Who.Organizations.GetValueOrDefault(id)?.OwnershipAt(o.At, o.Knowledge)), (Ban: ban, Who: who, At: _at, Knowledge: _knowledge));

    private static bool SharesAny(IReadOnlyList<string> citizenships, HashSet<string> nationalities)
    {
        foreach (var citizenship in citizenships)
        {
            if (nationalities.Contains(citizenship))
            {
                return true;
            }
        }

        return false;
    }

    private static string Describe(BanScope scope) => scope.Kind switch
    {
        BanScopeKind.AllUsers => "all users",
        BanScopeKind.ForeignPersons => "foreign persons",
        _ => FactText.Scope(scope),
    };

    /// <summary>The legal-ban sentence of one subject, written when read.</summary>
    private sealed class BanExplanation(ModelGates gates, Who who, bool parties) : DeferredText
    {
        public override string Write() => gates.ExplainBans(who, parties);
    }

    /// <summary>The provider-suspension sentence, written when read.</summary>
    private sealed class SuspensionExplanation(List<SuspensionGate> covering, string when) : DeferredText
    {
        public override string Write() => $"{string.Join("; ", covering.Select(s => s.Sentence))}, not lifted {when}.";
    }

    /// <summary>Why an exception does not relieve a subject of a ban.</summary>
    private enum Problem
    {
        None,

        /// <summary>Not in force at T, or not covering the model (<see cref="ExceptionGate.Problem"/>).</summary>
        NotInForceForModel,

        /// <summary>The subject is not among its beneficiaries.</summary>
        NotBeneficiary,

        /// <summary>A safeguard it requires is not certified at T (<see cref="ExceptionGate.SafeguardProblem"/>).</summary>
        SafeguardMissing,

        /// <summary>It requires provisioning, and the subject's organization is not provisioned.</summary>
        NotProvisioned,
    }

    /// <summary>A ban in force that covers the model: its scope, its sentence, the events it cites, and the exceptions that name it (by id).</summary>
    private sealed record BanGate(BanScope Scope, string Sentence, List<EventRef> Cited, List<ExceptionGate> Exceptions)
    {
        /// <summary>For a ban on nationalities or destinations: the countries listed and those of its groups at T.</summary>
        public HashSet<string> Countries { get; init; } = [];

        /// <summary>For a ban on parties: the organizations listed at T.</summary>
        public HashSet<string> Listed { get; init; } = [];

        /// <summary>For a ban on parties with affiliates: the organizations found restricted by ownership (or not, null), by id.</summary>
        public System.Collections.Concurrent.ConcurrentDictionary<string, (List<EventRef> Cited, List<string> Listed)?> Owned { get; } = new(StringComparer.Ordinal);

        /// <summary>The ban's timeline (for the amendments that listed an organization).</summary>
        public required DirectiveTimeline Directive { get; init; }
    }

    /// <summary>
    /// An exception to a ban as it stands at (T, K): why it cannot relieve anyone (not in force, not covering the
    /// model), else its beneficiaries then and the amendments in effect, and its safeguards (the refs, or why not).
    /// </summary>
    private sealed record ExceptionGate(
        string Id,
        EventRef Granted,
        EventRef? ValidityChange,
        string? Problem,
        IReadOnlySet<string> Organizations,
        List<Recorded<ExceptionAmended>> Amendments,
        List<ProviderEmployees> Providers,
        string? SafeguardProblem,
        List<EventRef> Safeguards,
        bool RequiresProvisioning);

    /// <summary>A suspension that covers the model: whether it covers everyone, its sentence, and the event it cites.</summary>
    private sealed record SuspensionGate(bool AllUsers, string Sentence, EventRef Started);
}

using AccessLedger.Decisions;
using AccessLedger.Events;
using AccessLedger.Timelines;

namespace AccessLedger.Tests.Properties;

/// <summary>
/// The decision of LEDGER.md section 4 computed the obvious way: keep the raw events recorded by K, and answer each
/// gate by scanning them. No timelines, no documents, no indexes: slow and simple, so the fast path can be checked
/// against it.
/// </summary>
public static class ReplayOracle
{
    public static (bool Allowed, IReadOnlyList<string> Codes) Decide(
        IEnumerable<(ILedgerEvent Event, EventRef Ref)> history, string model, Subject subject, DateTimeOffset t, DateTimeOffset? k, string activity = Activities.Use,
        KnowledgeBasis knowledge = KnowledgeBasis.Recorded)
    {
        // Section 7.2: on the notice basis an event counts when its source's publishedAt, else receivedAt, else its
        // recordedAt is by K (read from the raw event here, not from the ledger's reference).
        DateTimeOffset Noticed((ILedgerEvent Event, EventRef Ref) h) =>
            (h.Event as ISourced)?.Source is { } source ? source.PublishedAt ?? source.ReceivedAt ?? h.Ref.RecordedAt : h.Ref.RecordedAt;
        var known = history.Where(h => k is null || (knowledge == KnowledgeBasis.Notice ? Noticed(h) : h.Ref.RecordedAt) <= k).ToList();

        // The last fact of a kind in effect at T: greatest validFrom, then latest recorded.
        (TE Event, EventRef Ref)? Last<TE>(Func<TE, bool> match) where TE : ILedgerEvent =>
            known.Where(h => h.Event is TE e && match(e) && h.Ref.ValidFrom <= t)
                .OrderBy(h => h.Ref.ValidFrom).ThenBy(h => h.Ref.Position)
                .Select(h => ((TE)h.Event, h.Ref)).Cast<(TE, EventRef)?>().LastOrDefault();
        bool Any<TE>(Func<TE, bool> match) where TE : ILedgerEvent => known.Any(h => h.Event is TE e && match(e) && h.Ref.ValidFrom <= t);

        var codes = new List<string>();
        var registration = Last<ModelRegistered>(m => m.ModelId == model);
        if (registration is null)
        {
            codes.Add(ReasonCodes.UnknownModel);
        }

        string? orgId;
        IReadOnlyList<string> citizenships;
        UsPersonStatus status;
        string location = "";
        if (subject is EnrolledPerson p)
        {
            // Enrolment and offboarding: whichever happened last (valid time, then recording) decides.
            var membership = known
                .Where(h => h.Ref.ValidFrom <= t && (h.Event is PersonEnrolled e && e.PersonId == p.PersonId || h.Event is PersonOffboarded o && o.PersonId == p.PersonId))
                .OrderBy(h => h.Ref.ValidFrom).ThenBy(h => h.Ref.Position).LastOrDefault();
            if (membership.Event is PersonEnrolled enrolled)
            {
                (orgId, citizenships, status) = (enrolled.OrgId, enrolled.Citizenships, enrolled.UsPersonStatus);

                // Section 7.2: citizenships and status are those of the latest of the enrolment and the status changes in effect.
                var change = known.Where(h => h.Ref.ValidFrom <= t && h.Event is PersonStatusChanged c && c.PersonId == p.PersonId)
                    .OrderBy(h => h.Ref.ValidFrom).ThenBy(h => h.Ref.Position).LastOrDefault();
                if (change.Event is PersonStatusChanged changed
                    && (change.Ref.ValidFrom > membership.Ref.ValidFrom || (change.Ref.ValidFrom == membership.Ref.ValidFrom && change.Ref.Position > membership.Ref.Position)))
                {
                    (citizenships, status) = (changed.Citizenships, changed.UsPersonStatus);
                }
                var moves = known.Where(h => h.Ref.ValidFrom <= t && (h.Event is PersonRelocated r && r.PersonId == p.PersonId || h.Event == (ILedgerEvent)enrolled))
                    .OrderBy(h => h.Ref.ValidFrom).ThenBy(h => h.Ref.Position).Last();
                location = moves.Event is PersonRelocated moved && (moves.Ref.ValidFrom > membership.Ref.ValidFrom || moves.Ref.ValidFrom == membership.Ref.ValidFrom && moves.Ref.Position > membership.Ref.Position)
                    ? moved.Location
                    : enrolled.Location;
            }
            else
            {
                (orgId, citizenships, status) = (null, [], UsPersonStatus.None);
            }
        }
        else
        {
            var a = (AdHocSubject)subject;
            (orgId, citizenships, status, location) = (a.OrgId, a.Citizenships, a.UsPersonStatus, a.Location);
        }

        var organization = orgId is null ? null : Last<OrganizationRegistered>(o => o.OrgId == orgId);
        if (organization is null)
        {
            codes.Add(ReasonCodes.UnknownSubject);
        }

        if (codes.Count > 0)
        {
            return (false, codes);
        }

        var foreign = status == UsPersonStatus.None || !organization!.Value.Event.UsPerson;
        bool Provisioned()
        {
            var last = known
                .Where(h => h.Ref.ValidFrom <= t && (h.Event is PartnerProvisioned pp && pp.OrgId == orgId && pp.ModelId == model || h.Event is PartnerDeprovisioned pd && pd.OrgId == orgId && pd.ModelId == model))
                .OrderBy(h => h.Ref.ValidFrom).ThenBy(h => h.Ref.Position).LastOrDefault();
            return last.Event is PartnerProvisioned;
        }

        bool Within(DateTimeOffset from, DateTimeOffset? to) => from <= t && (to is null || t < to);

        // Section 7.2: the end is the validTo of the latest validity change in effect, else the instrument's own; a
        // suspension in effect holds until its own validTo or the first reinstatement at or after it.
        DateTimeOffset? End<TChange>(Func<TChange, bool> mine, Func<TChange, DateTimeOffset?> validTo, DateTimeOffset? own) where TChange : ILedgerEvent
        {
            var change = known.Where(h => h.Event is TChange c && mine(c) && h.Ref.ValidFrom <= t)
                .OrderBy(h => h.Ref.ValidFrom).ThenBy(h => h.Ref.Position).LastOrDefault();
            return change.Event is TChange changed ? validTo(changed) : own;
        }

        bool Suspended<TSuspended, TReinstated>(Func<TSuspended, bool> mine, Func<TSuspended, DateTimeOffset?> validTo, Func<TReinstated, bool> reinstates)
            where TSuspended : ILedgerEvent where TReinstated : ILedgerEvent =>
            known.Any(h => h.Event is TSuspended s && mine(s) && Within(h.Ref.ValidFrom, validTo(s))
                && !known.Any(r => r.Event is TReinstated ri && reinstates(ri) && r.Ref.ValidFrom >= h.Ref.ValidFrom && r.Ref.ValidFrom <= t));

        bool BanInForce(BanIssued ban) =>
            Within(ban.ValidFrom, End<BanValidityChanged>(c => c.DirectiveId == ban.DirectiveId, c => c.ValidTo, ban.ValidTo))
            && !Any<BanLifted>(l => l.DirectiveId == ban.DirectiveId)
            && !Suspended<BanSuspended, BanReinstated>(s => s.DirectiveId == ban.DirectiveId, s => s.ValidTo, r => r.DirectiveId == ban.DirectiveId);

        bool ExceptionInForce(ExceptionGranted x) =>
            Within(x.ValidFrom, End<ExceptionValidityChanged>(c => c.ExceptionId == x.ExceptionId, c => c.ValidTo, x.ValidTo))
            && !Any<ExceptionRevoked>(r => r.ExceptionId == x.ExceptionId)
            && !Suspended<ExceptionSuspended, ExceptionReinstated>(s => s.ExceptionId == x.ExceptionId, s => s.ValidTo, r => r.ExceptionId == x.ExceptionId);

        // Section 7.2, the 50 % rule: grow R from the listed organizations, sweeping every organization the ledger
        // knows an ownership of, until a sweep adds none.
        HashSet<string> RestrictedByOwnership(HashSet<string> listed)
        {
            var restricted = new HashSet<string>(listed);
            var owned = known.Select(h => h.Event).OfType<OwnershipRecorded>().Select(o => o.OrgId).Distinct().ToList();
            for (var grew = true; grew;)
            {
                grew = false;
                foreach (var org in owned.Where(o => !restricted.Contains(o)))
                {
                    if (Last<OwnershipRecorded>(o => o.OrgId == org) is { } ownership && ownership.Event.Owners.Where(o => restricted.Contains(o.OrgId)).Sum(o => o.Percent) >= 50)
                    {
                        restricted.Add(org);
                        grew = true;
                    }
                }
            }

            return restricted;
        }

        // Section 7.2: the model's classes at T are those of its latest classification in effect; an instrument
        // naming no activity reaches every activity.
        var classes = Last<ModelClassified>(c => c.ModelId == model)?.Event.Classes ?? [];
        bool Reaches(IReadOnlyList<string>? activities) => activities is null || activities.Count == 0 || activities.Contains(activity);

        // Gate 2: every ban in force that covers the model and matches must be relieved.
        var unrelieved = false;
        var unrelievedParty = false;
        foreach (var ban in known.Select(h => h.Event).OfType<BanIssued>())
        {
            if (!BanInForce(ban) || !Reaches(ban.Activities))
            {
                continue;
            }

            var covered = ban.Models.Contains(model);
            var banClasses = (ban.Classes ?? []).ToHashSet();
            foreach (var amendment in known.Where(h => h.Event is BanAmended am && am.DirectiveId == ban.DirectiveId && h.Ref.ValidFrom <= t)
                .OrderBy(h => h.Ref.ValidFrom).ThenBy(h => h.Ref.Position).Select(h => (BanAmended)h.Event))
            {
                covered = (covered || amendment.AddModels.Contains(model)) && !amendment.RemoveModels.Contains(model);
                banClasses.UnionWith(amendment.AddClasses ?? []);
                banClasses.ExceptWith(amendment.RemoveClasses ?? []);
            }

            covered |= classes.Any(banClasses.Contains);

            // Section 7.2: a country group's members at T are its definition's countries with the amendments in effect.
            var listed = new HashSet<string>([.. ban.Scope.Nationalities ?? [], .. ban.Scope.Countries ?? []]);
            foreach (var group in ban.Scope.Groups ?? [])
            {
                if (known.Any(h => h.Event is CountryGroupDefined d && d.GroupId == group && h.Ref.ValidFrom <= t))
                {
                    var members = known.Select(h => h.Event).OfType<CountryGroupDefined>().First(d => d.GroupId == group).Countries.ToHashSet();
                    foreach (var amendment in known.Where(h => h.Event is CountryGroupAmended a && a.GroupId == group && h.Ref.ValidFrom <= t)
                        .OrderBy(h => h.Ref.ValidFrom).ThenBy(h => h.Ref.Position).Select(h => (CountryGroupAmended)h.Event))
                    {
                        members.UnionWith(amendment.AddCountries);
                        members.ExceptWith(amendment.RemoveCountries);
                    }

                    listed.UnionWith(members);
                }
            }

            // Section 7.2: a ban on parties lists its organizations, amended in valid-time order.
            var parties = (ban.Scope.Organizations ?? []).ToHashSet();
            foreach (var amendment in known.Where(h => h.Event is BanAmended am && am.DirectiveId == ban.DirectiveId && h.Ref.ValidFrom <= t)
                .OrderBy(h => h.Ref.ValidFrom).ThenBy(h => h.Ref.Position).Select(h => (BanAmended)h.Event))
            {
                parties.UnionWith(amendment.AddOrganizations ?? []);
                parties.ExceptWith(amendment.RemoveOrganizations ?? []);
            }

            var matches = ban.Scope.Kind switch
            {
                BanScopeKind.Parties => parties.Contains(orgId!) || (ban.Scope.Affiliates && RestrictedByOwnership(parties).Contains(orgId!)),
                BanScopeKind.AllUsers => true,
                BanScopeKind.ForeignPersons => foreign,
                BanScopeKind.Destinations => listed.Contains(location),
                _ => citizenships.Intersect(listed).Any(),
            };
            if (!covered || !matches)
            {
                continue;
            }

            var relieved = known.Select(h => h.Event).OfType<ExceptionGranted>().Any(x =>
            {
                if (!ExceptionInForce(x)
                    || !x.DirectiveIds.Contains(ban.DirectiveId) || !(x.Models.Contains(model) || classes.Any(c => x.Classes?.Contains(c) == true))
                    || !Reaches(x.Activities))
                {
                    return false;
                }

                var organizations = x.Beneficiaries.OfType<OrganizationEmployees>().SelectMany(b => b.Organizations).ToHashSet();
                foreach (var amendment in known.Where(h => h.Event is ExceptionAmended am && am.ExceptionId == x.ExceptionId && h.Ref.ValidFrom <= t)
                    .OrderBy(h => h.Ref.ValidFrom).ThenBy(h => h.Ref.Position).Select(h => (ExceptionAmended)h.Event))
                {
                    organizations.UnionWith(amendment.AddOrganizations);
                    organizations.ExceptWith(amendment.RemoveOrganizations);
                }

                var beneficiary = organizations.Contains(orgId!)
                    || x.Beneficiaries.OfType<ProviderEmployees>().Any(b => b.ProviderId == orgId && (b.Locations is null || b.Locations.Count == 0 || b.Locations.Contains(location)));
                var safeguards = x.RequiresSafeguards.All(g => known.Select(h => h.Event).OfType<SafeguardCertified>()
                    .Any(c => c.CertificationId == g && Within(c.ValidFrom, c.ValidTo) && !Any<SafeguardWithdrawn>(w => w.CertificationId == g)));
                return beneficiary && safeguards && (!x.RequiresProvisioning || Provisioned());
            });
            if (ban.Scope.Kind == BanScopeKind.Parties)
            {
                unrelievedParty |= !relieved;
            }
            else
            {
                unrelieved |= !relieved;
            }
        }

        if (unrelievedParty)
        {
            codes.Add(ReasonCodes.RestrictedParty);
        }

        if (unrelieved)
        {
            codes.Add(ReasonCodes.LegalBan);
        }

        // Gate 3: a suspension started for the model, not lifted for it, reaching the subject.
        var suspended = known.Select(h => h.Event).OfType<ProviderSuspensionStarted>().Any(s =>
            s.ValidFrom <= t && s.Models.Contains(model) && (s.Scope == SuspensionScope.AllUsers || foreign)
            && !Any<ProviderSuspensionLifted>(l => l.SuspensionId == s.SuspensionId && (l.Models.Count == 0 || l.Models.Contains(model))));
        if (suspended)
        {
            codes.Add(ReasonCodes.ProviderSuspended);
        }

        // Gate 4: restricted models need provisioning.
        if (registration!.Value.Event.Availability == ModelAvailability.Restricted && !Provisioned())
        {
            codes.Add(ReasonCodes.NotProvisioned);
        }

        return (codes.Count == 0, codes);
    }
}

using AccessLedger.Events;
using AccessLedger.Timelines;

namespace AccessLedger.Decisions;

/// <summary>
/// The 50 % rule of LEDGER.md section 7.2: the organizations restricted by ownership under a <c>parties</c> ban with
/// <c>affiliates</c> are the least set R that holds every listed organization and every organization whose direct
/// owners in R hold 50 % or more of it (direct or indirect, alone or in aggregate), with ownership as in effect at T
/// as known at K. Cycles of ownership are allowed: the least set is reached from the listed organizations outwards,
/// so an organization only owned in a cycle that no listed organization feeds stays out.
/// </summary>
internal static class OwnershipRule
{
    /// <summary>
    /// Whether <paramref name="orgId"/> is in R through ownership (it is not listed itself), and if so the
    /// <c>ownership_recorded</c> events that place it there — its own and those of each restricted owner it relies on,
    /// up to listed organizations — and the listed organizations those chains reach.
    /// </summary>
    /// <param name="orgId">The organization asked about.</param>
    /// <param name="listed">The organizations the ban lists at T.</param>
    /// <param name="ownershipOf">The ownership in effect at (T, K) of an organization, if any.</param>
    public static (List<EventRef> Cited, List<string> Listed)? Restricted(
        string orgId, IReadOnlySet<string> listed, Func<string, Recorded<OwnershipRecorded>?> ownershipOf)
    {
        // Only the organizations above orgId (its owners, theirs, ...) can bring it into R.
        var above = new List<string> { orgId };
        var seen = new HashSet<string>(StringComparer.Ordinal) { orgId };
        for (var i = 0; i < above.Count; i++)
        {
            foreach (var owner in ownershipOf(above[i])?.Event.Owners ?? [])
            {
                if (seen.Add(owner.OrgId))
                {
                    above.Add(owner.OrgId);
                }
            }
        }

        if (!above.Exists(listed.Contains))
        {
            return null;
        }

        // Rounds from the listed organizations outwards: an organization enters R in the first round in which its
        // owners already in R hold 50 % or more, and relies on those owners (so its reasons never go round a cycle).
        var reasons = new Dictionary<string, (Recorded<OwnershipRecorded> Ownership, List<string> Owners)>(StringComparer.Ordinal);
        bool InR(string id) => listed.Contains(id) || reasons.ContainsKey(id);
        while (!InR(orgId))
        {
            var entering = new List<(string Id, Recorded<OwnershipRecorded> Ownership, List<string> Owners)>();
            foreach (var id in above)
            {
                if (InR(id) || ownershipOf(id) is not { } ownership)
                {
                    continue;
                }

                var restricted = ownership.Event.Owners.Where(o => InR(o.OrgId)).ToList();
                if (restricted.Sum(o => o.Percent) >= 50m)
                {
                    entering.Add((id, ownership, restricted.ConvertAll(o => o.OrgId)));
                }
            }

            if (entering.Count == 0)
            {
                return null;
            }

            foreach (var (id, ownership, owners) in entering)
            {
                reasons[id] = (ownership, owners);
            }
        }

        // The chain of reasons from orgId up to listed organizations.
        var cited = new List<EventRef>();
        var reached = new List<string>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([orgId]);
        while (pending.TryPop(out var id))
        {
            if (!visited.Add(id))
            {
                continue;
            }

            if (listed.Contains(id))
            {
                reached.Add(id);
                continue;
            }

            var (ownership, owners) = reasons[id];
            cited.Add(ownership.Ref);
            foreach (var owner in owners)
            {
                pending.Push(owner);
            }
        }

        cited.Sort((a, b) => a.Position.CompareTo(b.Position));
        reached.Sort(StringComparer.Ordinal);
        return (cited, reached);
    }
}

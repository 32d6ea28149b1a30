using AccessLedger.Events;

namespace AccessLedger.Timelines;

/// <summary>A ban: its issue, amendments and lift.</summary>
internal sealed class DirectiveTimeline : Timeline
{
    /// <summary>The folds of a ban's stream.</summary>
    public static IReadOnlyList<Fold> Folds { get; } =
    [
        Fold.On<BanIssued, DirectiveTimeline>(x => x.DirectiveId, (d, x, at) => d.Open(at, () => d.Issued ??= new(x, at))),
        Fold.On<BanAmended, DirectiveTimeline>(x => x.DirectiveId, (d, x, at) => d.Add(d.Amendments, x, at)),
        Fold.On<BanLifted, DirectiveTimeline>(x => x.DirectiveId, (d, x, at) => d.Add(d.Lifts, x, at)),
        .. Validity.Folds<DirectiveTimeline, BanValidityChanged, BanSuspended, BanReinstated>(x => x.DirectiveId, x => x.DirectiveId, x => x.DirectiveId, d => d.Validity),
    ];

    /// <summary>The <c>ban_issued</c> fact (null while only referenced).</summary>
    public Recorded<BanIssued>? Issued { get; set; }

    /// <summary><c>ban_amended</c> facts.</summary>
    public List<Recorded<BanAmended>> Amendments { get; set; } = [];

    /// <summary><c>ban_lifted</c> facts.</summary>
    public List<Recorded<BanLifted>> Lifts { get; set; } = [];

    /// <summary>Validity changes, suspensions and reinstatements (LEDGER.md section 7.2).</summary>
    public Validity Validity { get; } = new();

    /// <inheritdoc/>
    public override IEnumerable<(ILedgerEvent Event, EventRef Ref)> Facts() => [.. Of(Issued), .. Of(Amendments), .. Of(Lifts), .. Validity.Facts()];

    /// <summary>
    /// Whether the ban is in force at T as known at K: issued, started, not ended (its own validTo or the latest
    /// validity change in effect), not lifted, not suspended. <paramref name="change"/> is the validity change
    /// that set its end then, if any (cited with the ban).
    /// </summary>
    public bool InForceAt(DateTimeOffset at, Knowledge knowledge, out EventRef? change)
    {
        change = null;
        if (Issued is not { } issued || !knowledge.Knows(issued))
        {
            return false;
        }

        var end = Validity.EndAt(issued.Event.ValidTo, at, knowledge, out var changed);
        change = changed?.Ref;
        return Contains(issued.Event.ValidFrom, end, at) && !knowledge.AnyInEffect(Lifts, at) && Validity.SuspensionAt(at, knowledge) is null;
    }

    /// <summary>Whether the ban is in force at T as known at K (<see cref="InForceAt(DateTimeOffset, Knowledge, out EventRef?)"/>).</summary>
    public bool InForceAt(DateTimeOffset at, Knowledge knowledge) => InForceAt(at, knowledge, out _);

    /// <summary>
    /// Whether the ban covers the model at T as known at K, amendments applied in valid-time order: the model is
    /// among its models, or one of <paramref name="modelClasses"/> (the model's classes at T) among its classes.
    /// </summary>
    public bool CoversAt(string modelId, IReadOnlyList<string> modelClasses, DateTimeOffset at, Knowledge knowledge)
    {
        if (Issued is not { } issued || !knowledge.Knows(issued))
        {
            return false;
        }

        var covered = issued.Event.Models.Contains(modelId);
        HashSet<string>? classes = modelClasses.Count == 0 ? null : new(issued.Event.Classes ?? [], StringComparer.Ordinal);
        foreach (var amendment in knowledge.InEffect(Amendments, at))
        {
            if (amendment.Event.AddModels.Contains(modelId))
            {
                covered = true;
            }

            if (amendment.Event.RemoveModels.Contains(modelId))
            {
                covered = false;
            }

            classes?.UnionWith(amendment.Event.AddClasses ?? []);
            classes?.ExceptWith(amendment.Event.RemoveClasses ?? []);
        }

        return covered || (classes is not null && modelClasses.Any(classes.Contains));
    }

    /// <summary>The amendments in effect at T that name the model or one of its classes then: cited with the ban.</summary>
    public IEnumerable<EventRef> AmendmentsNaming(string modelId, IReadOnlyList<string> modelClasses, DateTimeOffset at, Knowledge knowledge) =>
        knowledge.InEffect(Amendments, at)
            .Where(a => a.Event.AddModels.Contains(modelId) || a.Event.RemoveModels.Contains(modelId)
                || modelClasses.Any(c => (a.Event.AddClasses ?? []).Contains(c) || (a.Event.RemoveClasses ?? []).Contains(c)))
            .Select(a => a.Ref);

    /// <summary>For a ban on parties: the organizations listed at T as known at K, amendments applied in valid-time order.</summary>
    public HashSet<string> OrganizationsAt(DateTimeOffset at, Knowledge knowledge)
    {
        var listed = new HashSet<string>(Issued?.Event.Scope.Organizations ?? [], StringComparer.Ordinal);
        foreach (var amendment in knowledge.InEffect(Amendments, at))
        {
            listed.UnionWith(amendment.Event.AddOrganizations ?? []);
            listed.ExceptWith(amendment.Event.RemoveOrganizations ?? []);
        }

        return listed;
    }

    /// <summary>The amendments in effect at T that listed <paramref name="orgId"/> (cited when it is why the ban reaches the subject).</summary>
    public IEnumerable<EventRef> ListingsOf(string orgId, DateTimeOffset at, Knowledge knowledge) =>
        knowledge.InEffect(Amendments, at).Where(a => a.Event.AddOrganizations?.Contains(orgId) == true).Select(a => a.Ref);

    /// <summary>Every class the ban ever named, as known now (the rule for exceptions naming classes).</summary>
    public IEnumerable<string> ClassesEverCovered() =>
        (Issued?.Event.Classes ?? []).Concat(Amendments.SelectMany(a => a.Event.AddClasses ?? [])).Distinct();

    /// <summary>Every model the ban ever covered, as known now (the rule for exceptions).</summary>
    public IEnumerable<string> ModelsEverCovered() =>
        (Issued?.Event.Models ?? []).Concat(Amendments.SelectMany(a => a.Event.AddModels)).Distinct();
}

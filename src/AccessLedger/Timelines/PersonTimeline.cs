using AccessLedger.Events;

namespace AccessLedger.Timelines;

/// <summary>A person: enrolments, relocations and offboardings.</summary>
internal sealed class PersonTimeline : Timeline
{
    /// <summary>The folds of a person's stream.</summary>
    public static IReadOnlyList<Fold> Folds { get; } =
    [
        Fold.On<PersonEnrolled, PersonTimeline>(x => x.PersonId, (p, x, at) =>
        {
            if (p.Add(p.Enrolments, new Recorded<PersonEnrolled>(x, at)))
            {
                AddIds(p.OrgIds, [x.OrgId]);
            }
        }),
        Fold.On<PersonRelocated, PersonTimeline>(x => x.PersonId, (p, x, at) => p.Add(p.Relocations, x, at)),
        Fold.On<PersonOffboarded, PersonTimeline>(x => x.PersonId, (p, x, at) => p.Add(p.Offboardings, x, at)),
        Fold.On<PersonStatusChanged, PersonTimeline>(x => x.PersonId, (p, x, at) => p.Add(p.StatusChanges, x, at)),
    ];

    /// <summary><c>person_enrolled</c> facts (a later enrolment supersedes an earlier one from its validFrom).</summary>
    public List<Recorded<PersonEnrolled>> Enrolments { get; set; } = [];

    /// <summary><c>person_relocated</c> facts.</summary>
    public List<Recorded<PersonRelocated>> Relocations { get; set; } = [];

    /// <summary><c>person_offboarded</c> facts.</summary>
    public List<Recorded<PersonOffboarded>> Offboardings { get; set; } = [];

    /// <summary><c>person_status_changed</c> facts (LEDGER.md section 7.1).</summary>
    public List<Recorded<PersonStatusChanged>> StatusChanges { get; set; } = [];

    /// <summary>Every organization the person was ever enrolled with (so a decision loads them in one query).</summary>
    public List<string> OrgIds { get; set; } = [];

    /// <inheritdoc/>
    public override IEnumerable<(ILedgerEvent Event, EventRef Ref)> Facts() => [.. Of(Enrolments), .. Of(Relocations), .. Of(Offboardings), .. Of(StatusChanges)];

    /// <summary>
    /// The person as they were at T as known at K: the enrolment in effect and the location then, or null when
    /// not enrolled (never, not yet, or offboarded since the last enrolment). <paramref name="offboarding"/> is the
    /// offboarding that ended the enrolment, when that is why.
    /// </summary>
    public PersonAt? At(DateTimeOffset at, Knowledge knowledge, out EventRef? offboarding)
    {
        offboarding = null;
        var enrolment = knowledge.Latest(Enrolments, at);
        var offboarded = knowledge.Latest(Offboardings, at);
        if (offboarded is not null && (enrolment is null || Later(offboarded.Ref, enrolment.Ref)))
        {
            offboarding = offboarded.Ref;
            return null;
        }

        if (enrolment is null)
        {
            return null;
        }

        var relocation = knowledge.Latest(Relocations, at);
        var person = relocation is not null && Later(relocation.Ref, enrolment.Ref)
            ? new PersonAt(enrolment, relocation.Event.Location, relocation.Ref)
            : new PersonAt(enrolment, enrolment.Event.Location, null);

        // Citizenships and status: those of the latest of the enrolment and the status changes in effect (section 7.2).
        var change = knowledge.Latest(StatusChanges, at);
        return change is not null && Later(change.Ref, enrolment.Ref)
            ? person with { Citizenships = change.Event.Citizenships, Status = change.Event.UsPersonStatus, StatusChange = change.Ref }
            : person;
    }
}

/// <summary>A person at one instant.</summary>
/// <param name="Enrolment">The enrolment in effect.</param>
/// <param name="Location">Where the person was.</param>
/// <param name="Relocation">The relocation that put them there, if not the enrolment.</param>
internal sealed record PersonAt(Recorded<PersonEnrolled> Enrolment, string Location, EventRef? Relocation)
{
    /// <summary>The person's citizenships then.</summary>
    public IReadOnlyList<string> Citizenships { get; init; } = Enrolment.Event.Citizenships;

    /// <summary>The person's status under US law then.</summary>
    public UsPersonStatus Status { get; init; } = Enrolment.Event.UsPersonStatus;

    /// <summary>The status change that set them, if not the enrolment.</summary>
    public EventRef? StatusChange { get; init; }
}

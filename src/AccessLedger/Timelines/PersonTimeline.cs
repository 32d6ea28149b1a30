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
    ];

    /// <summary><c>person_enrolled</c> facts (a later enrolment supersedes an earlier one from its validFrom).</summary>
    public List<Recorded<PersonEnrolled>> Enrolments { get; set; } = [];

    /// <summary><c>person_relocated</c> facts.</summary>
    public List<Recorded<PersonRelocated>> Relocations { get; set; } = [];

    /// <summary><c>person_offboarded</c> facts.</summary>
    public List<Recorded<PersonOffboarded>> Offboardings { get; set; } = [];

    /// <summary>Every organization the person was ever enrolled with (so a decision loads them in one query).</summary>
    public List<string> OrgIds { get; set; } = [];

    /// <inheritdoc/>
    public override IEnumerable<(ILedgerEvent Event, EventRef Ref)> Facts() => [.. Of(Enrolments), .. Of(Relocations), .. Of(Offboardings)];

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
        return relocation is not null && Later(relocation.Ref, enrolment.Ref)
            ? new PersonAt(enrolment, relocation.Event.Location, relocation.Ref)
            : new PersonAt(enrolment, enrolment.Event.Location, null);
    }
}

/// <summary>A person at one instant.</summary>
/// <param name="Enrolment">The enrolment in effect.</param>
/// <param name="Location">Where the person was.</param>
/// <param name="Relocation">The relocation that put them there, if not the enrolment.</param>
internal sealed record PersonAt(Recorded<PersonEnrolled> Enrolment, string Location, EventRef? Relocation);

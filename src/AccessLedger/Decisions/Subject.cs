using AccessLedger.Events;

namespace AccessLedger.Decisions;

/// <summary>Whom a decision is about: an enrolled person, or ad-hoc attributes for a what-if.</summary>
public abstract record Subject
{
    /// <summary>An enrolled person.</summary>
    public static Subject Person(string personId) => new EnrolledPerson(personId);

    /// <summary>Ad-hoc attributes: a person of organization <paramref name="orgId"/> with these citizenships, status and location.</summary>
    public static Subject AdHoc(string orgId, IReadOnlyList<string> citizenships, UsPersonStatus usPersonStatus, string location) =>
        new AdHocSubject(orgId, citizenships, usPersonStatus, location);
}

/// <summary>An enrolled person, known to the ledger by id.</summary>
/// <param name="PersonId">The person's id.</param>
public sealed record EnrolledPerson(string PersonId) : Subject
{
    /// <inheritdoc />
    public override string ToString() => $"person {PersonId}";
}

/// <summary>A hypothetical person, described by the attributes the gates read.</summary>
/// <param name="OrgId">The organization they would work for.</param>
/// <param name="Citizenships">ISO 3166-1 alpha-2 codes.</param>
/// <param name="UsPersonStatus">Status under US law.</param>
/// <param name="Location">Where they would be.</param>
public sealed record AdHocSubject(string OrgId, IReadOnlyList<string> Citizenships, UsPersonStatus UsPersonStatus, string Location) : Subject
{
    /// <inheritdoc />
    public override string ToString() =>
        $"a person of {OrgId} with US-person status {Wire.LedgerJson.Name(UsPersonStatus)} ({string.Join("/", Citizenships)}, in {Location})";
}

using AccessLedger.Decisions;
using AccessLedger.Events;

namespace AccessLedger.Audit;

/// <summary>What an audit row is about: an enrolled person, or one class of an organization's staff.</summary>
public enum AuditSubjectKind
{
    /// <summary>An enrolled person, decided as <see cref="EnrolledPerson"/>.</summary>
    Person,

    /// <summary>
    /// The organization's US-person staff (US citizens) located in the organization's country: the organization as
    /// a class of subject for gates that do not depend on the individual.
    /// </summary>
    OrganizationUsPersons,

    /// <summary>
    /// The organization's foreign-person staff located in the organization's country, with no citizenship stated:
    /// a nationality ban depends on the individual and is judged per person only.
    /// </summary>
    OrganizationForeignPersons,
}

/// <summary>One row of an audit answer: whom it is about, and the subject the decision is asked for.</summary>
/// <param name="Kind">A person or a class of an organization's staff.</param>
/// <param name="Id">The person id, or the organization id for a class.</param>
/// <param name="OrgId">The organization: the person's (latest known enrolment), or the class's own.</param>
/// <param name="Subject">What <see cref="Decider.Decide(DecisionState, DecisionQuestion)"/> is asked about.</param>
public sealed record AuditSubject(AuditSubjectKind Kind, string Id, string OrgId, Subject Subject)
{
    /// <summary>A short label for tables and pictures, e.g. <c>lena (gridco)</c> or <c>gridco: foreign persons</c>.</summary>
    public string Label => Kind switch
    {
        AuditSubjectKind.Person => $"{Id} ({OrgId})",
        AuditSubjectKind.OrganizationUsPersons => $"{OrgId}: US persons",
        _ => $"{OrgId}: foreign persons",
    };

    /// <summary>The kind as the JSON of the tools writes it: <c>person</c>, <c>organization_us_persons</c>, <c>organization_foreign_persons</c>.</summary>
    public string KindName => Kind switch
    {
        AuditSubjectKind.Person => "person",
        AuditSubjectKind.OrganizationUsPersons => "organization_us_persons",
        _ => "organization_foreign_persons",
    };

    /// <summary>Rows are the same when they are about the same person or class (the ad-hoc subject's lists compare by reference).</summary>
    public bool Equals(AuditSubject? other) => other is not null && Kind == other.Kind && Id == other.Id && OrgId == other.OrgId;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, Id, OrgId);

    /// <summary>An enrolled person of <paramref name="orgId"/>.</summary>
    public static AuditSubject Person(string personId, string orgId) => new(AuditSubjectKind.Person, personId, orgId, Decisions.Subject.Person(personId));

    /// <summary>The two classes of an organization's staff, located in <paramref name="country"/> (the organization's).</summary>
    public static IEnumerable<AuditSubject> OrganizationClasses(string orgId, string country) =>
    [
        new(AuditSubjectKind.OrganizationUsPersons, orgId, orgId, Decisions.Subject.AdHoc(orgId, ["US"], UsPersonStatus.Citizen, country)),
        new(AuditSubjectKind.OrganizationForeignPersons, orgId, orgId, Decisions.Subject.AdHoc(orgId, [], UsPersonStatus.None, country)),
    ];

    /// <summary>The order of rows: by organization, its classes first, then its people by id.</summary>
    internal static IComparer<AuditSubject> Order { get; } = Comparer<AuditSubject>.Create((a, b) =>
    {
        var byOrg = string.CompareOrdinal(a.OrgId, b.OrgId);
        if (byOrg != 0)
        {
            return byOrg;
        }

        var byKind = Rank(a).CompareTo(Rank(b));
        return byKind != 0 ? byKind : string.CompareOrdinal(a.Id, b.Id);

        static int Rank(AuditSubject s) => s.Kind switch
        {
            AuditSubjectKind.OrganizationUsPersons => 0,
            AuditSubjectKind.OrganizationForeignPersons => 1,
            _ => 2,
        };
    });
}

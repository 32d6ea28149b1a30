namespace AccessLedger.Events;

/// <summary><c>person_enrolled</c> on <c>person-{personId}</c>: a person works for an organization.</summary>
/// <param name="PersonId">The person's slug.</param>
/// <param name="OrgId">The organization.</param>
/// <param name="Citizenships">ISO 3166-1 alpha-2 codes.</param>
/// <param name="UsPersonStatus">Status under US law; <see cref="Events.UsPersonStatus.None"/> is a foreign person.</param>
/// <param name="Location">Where the person is (ISO 3166-1 alpha-2).</param>
/// <param name="ValidFrom">From when.</param>
public sealed record PersonEnrolled(string PersonId, string OrgId, IReadOnlyList<string> Citizenships, UsPersonStatus UsPersonStatus, string Location, DateTimeOffset ValidFrom) : ILedgerEvent;

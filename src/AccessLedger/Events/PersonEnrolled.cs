using AccessLedger.Rules;
using AccessLedger.Timelines;
using AccessLedger.Wire;

namespace AccessLedger.Events;

/// <summary><c>person_enrolled</c> on <c>person-{personId}</c>: a person works for an organization.</summary>
/// <param name="PersonId">The person's slug.</param>
/// <param name="OrgId">The organization.</param>
/// <param name="Citizenships">ISO 3166-1 alpha-2 codes.</param>
/// <param name="UsPersonStatus">Status under US law; <see cref="Events.UsPersonStatus.None"/> is a foreign person.</param>
/// <param name="Location">Where the person is (ISO 3166-1 alpha-2).</param>
/// <param name="ValidFrom">From when.</param>
public sealed record PersonEnrolled(string PersonId, string OrgId, IReadOnlyList<string> Citizenships, UsPersonStatus UsPersonStatus, string Location, DateTimeOffset ValidFrom) : ILedgerEvent
{
    /// <summary>The declaration of <c>person_enrolled</c>: stream, field checks, write rule, keys and what a decision reads.</summary>
    internal static EventKind<PersonEnrolled> Kind { get; } = new("person_enrolled", TimelineKind.Person, x => x.PersonId)
    {
        Fields = (c, x) => c.Id("personId", x.PersonId).Id("orgId", x.OrgId).Enum("usPersonStatus", x.UsPersonStatus)
            .Require(x.Citizenships is not { Count: 0 }, "a person has at least one citizenship.")
            .Done(x with { Citizenships = c.CountryList("citizenships", x.Citizenships), Location = c.Country("location", x.Location) }),
        Rule = (x, state) =>
        {
            WriteRules.RequireOrganization(state, x.OrgId, "enrolled into");
            WriteRules.Require(
                state.Find<PersonTimeline>(x.PersonId)?.At(x.ValidFrom, Knowledge.Now, out _) is null,
                ErrorCodes.AlreadyEnrolled,
                $"person {x.PersonId} is already enrolled at {x.ValidFrom:O}; offboard them first.");
        },
        RuleReads = x => [TimelineKind.Organization.Key(x.OrgId)],
        Text = x => $"{x.PersonId} enrolled with {x.OrgId} ({FactText.List(x.Citizenships)}, {LedgerJson.Name(x.UsPersonStatus)}, in {x.Location})",
    };
}

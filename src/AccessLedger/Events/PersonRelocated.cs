using AccessLedger.Rules;
using AccessLedger.Timelines;

namespace AccessLedger.Events;

/// <summary><c>person_relocated</c> on <c>person-{personId}</c>: a person is now elsewhere.</summary>
/// <param name="PersonId">The person.</param>
/// <param name="Location">Where (ISO 3166-1 alpha-2).</param>
/// <param name="ValidFrom">From when.</param>
public sealed record PersonRelocated(string PersonId, string Location, DateTimeOffset ValidFrom) : ILedgerEvent
{
    /// <summary>The declaration of <c>person_relocated</c>: stream, field checks, write rule, keys and what a decision reads.</summary>
    internal static EventKind<PersonRelocated> Kind { get; } = new("person_relocated", TimelineKind.Person, x => x.PersonId)
    {
        Fields = (c, x) => c.Id("personId", x.PersonId).Done(x with { Location = c.Country("location", x.Location) }),
        Rule = (x, state) => WriteRules.Require(
            state.Find<PersonTimeline>(x.PersonId) is { Enrolments.Count: > 0 }, ErrorCodes.UnknownPerson, $"person {x.PersonId} was never enrolled, so cannot be relocated."),
        Text = x => $"{x.PersonId} relocated to {x.Location}",
    };
}

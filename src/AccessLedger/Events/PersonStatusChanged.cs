using AccessLedger.Rules;
using AccessLedger.Timelines;

namespace AccessLedger.Events;

/// <summary>
/// <c>person_status_changed</c> on <c>person-{personId}</c>: from <see cref="ValidFrom"/> on, the person's
/// citizenships and status under US law are these (naturalization, a green card, a new citizenship).
/// </summary>
/// <param name="PersonId">The person.</param>
/// <param name="Citizenships">Every citizenship from now on, ISO 3166-1 alpha-2.</param>
/// <param name="UsPersonStatus">Status under US law from now on.</param>
/// <param name="ValidFrom">From when.</param>
public sealed record PersonStatusChanged(string PersonId, IReadOnlyList<string> Citizenships, UsPersonStatus UsPersonStatus, DateTimeOffset ValidFrom) : ILedgerEvent
{
    /// <summary>The declaration of <c>person_status_changed</c>: stream, field checks, write rule, keys and what a decision reads.</summary>
    internal static EventKind<PersonStatusChanged> Kind { get; } = new("person_status_changed", TimelineKind.Person, x => x.PersonId)
    {
        Fields = (c, x) => c.Id("personId", x.PersonId).Enum("usPersonStatus", x.UsPersonStatus)
            .Require(x.Citizenships is not { Count: 0 }, "a person has at least one citizenship.")
            .Done(x with { Citizenships = c.CountryList("citizenships", x.Citizenships) }),
        Rule = (x, state) => WriteRules.Require(
            state.Find<PersonTimeline>(x.PersonId) is { Enrolments.Count: > 0 }, ErrorCodes.UnknownPerson, $"person {x.PersonId} was never enrolled, so their status cannot change."),
        Text = x => $"{x.PersonId} is now {Wire.LedgerJson.Name(x.UsPersonStatus)} ({FactText.List(x.Citizenships)})",
    };
}

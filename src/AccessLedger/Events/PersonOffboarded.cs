using AccessLedger.Rules;
using AccessLedger.Timelines;

namespace AccessLedger.Events;

/// <summary><c>person_offboarded</c> on <c>person-{personId}</c>: a person leaves.</summary>
/// <param name="PersonId">The person.</param>
/// <param name="ValidFrom">From when.</param>
public sealed record PersonOffboarded(string PersonId, DateTimeOffset ValidFrom) : ILedgerEvent
{
    /// <summary>The declaration of <c>person_offboarded</c>: stream, field checks, write rule, keys and what a decision reads.</summary>
    internal static EventKind<PersonOffboarded> Kind { get; } = new("person_offboarded", TimelineKind.Person, x => x.PersonId)
    {
        Fields = (c, x) => c.Id("personId", x.PersonId).Done(x),
        Rule = (x, state) =>
        {
            var person = state.Find<PersonTimeline>(x.PersonId);
            WriteRules.Require(person is { Enrolments.Count: > 0 }, ErrorCodes.UnknownPerson, $"person {x.PersonId} was never enrolled, so cannot be offboarded.");
            WriteRules.Require(
                person!.At(x.ValidFrom, Knowledge.Now, out _) is not null, ErrorCodes.AlreadyEnded, $"person {x.PersonId} is not enrolled at {x.ValidFrom:O}, so cannot be offboarded.");
        },
        Text = x => $"{x.PersonId} offboarded",
    };
}

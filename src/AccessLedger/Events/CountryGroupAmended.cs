using AccessLedger.Rules;
using AccessLedger.Timelines;

namespace AccessLedger.Events;

/// <summary><c>country_group_amended</c> on <c>country-group-{groupId}</c>: countries join or leave the group from <paramref name="ValidFrom"/>.</summary>
/// <param name="GroupId">The group.</param>
/// <param name="AddCountries">Countries that join, ISO 3166-1 alpha-2.</param>
/// <param name="RemoveCountries">Countries that leave.</param>
/// <param name="ValidFrom">From when.</param>
/// <param name="Source">Where the amendment came from.</param>
public sealed record CountryGroupAmended(
    string GroupId, IReadOnlyList<string> AddCountries, IReadOnlyList<string> RemoveCountries, DateTimeOffset ValidFrom, Source? Source = null) : ILedgerEvent, ISourced
{
    /// <summary>The declaration of <c>country_group_amended</c>: stream, field checks, write rule, keys and what a decision reads.</summary>
    internal static EventKind<CountryGroupAmended> Kind { get; } = new("country_group_amended", TimelineKind.CountryGroup, x => x.GroupId)
    {
        Decision = DecisionRead.InEffect,
        Fields = (c, x) => c.Id("groupId", x.GroupId).Source(x.Source)
            .Require(x.AddCountries?.Count + x.RemoveCountries?.Count > 0, "an amendment adds or removes at least one country.")
            .Done(x with { AddCountries = c.CountryList("addCountries", x.AddCountries), RemoveCountries = c.CountryList("removeCountries", x.RemoveCountries) }),
        Rule = (x, state) => WriteRules.Require(
            state.Find<CountryGroupTimeline>(x.GroupId)?.Defined is not null, ErrorCodes.UnknownCountryGroup, $"country group {x.GroupId} was never defined, so it cannot be amended."),
        Text = x => $"country group {x.GroupId} amended{FactText.Change("adds", x.AddCountries)}{FactText.Change("removes", x.RemoveCountries)}{FactText.Cited(x.Source)}",
    };
}

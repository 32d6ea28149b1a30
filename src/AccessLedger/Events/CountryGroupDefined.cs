using AccessLedger.Rules;
using AccessLedger.Timelines;

namespace AccessLedger.Events;

/// <summary>
/// <c>country_group_defined</c> on <c>country-group-{groupId}</c>: a group of countries a ban may name (e.g. Country
/// Group D:5 of 15 CFR 740 Supplement No. 1), with its members from <paramref name="ValidFrom"/>.
/// </summary>
/// <param name="GroupId">The group's slug.</param>
/// <param name="Name">Its name.</param>
/// <param name="Countries">Its members, ISO 3166-1 alpha-2.</param>
/// <param name="ValidFrom">From when.</param>
/// <param name="Source">Where the definition came from.</param>
public sealed record CountryGroupDefined(string GroupId, string Name, IReadOnlyList<string> Countries, DateTimeOffset ValidFrom, Source? Source = null) : ILedgerEvent, ISourced
{
    /// <summary>The declaration of <c>country_group_defined</c>: stream, field checks, write rule, keys and what a decision reads.</summary>
    internal static EventKind<CountryGroupDefined> Kind { get; } = new("country_group_defined", TimelineKind.CountryGroup, x => x.GroupId)
    {
        Decision = DecisionRead.Always,
        Fields = (c, x) => c.Id("groupId", x.GroupId).Text("name", x.Name).Source(x.Source)
            .Done(x with { Countries = c.CountryList("countries", x.Countries) }),
        Rule = (x, state) => WriteRules.Require(
            state.Find<CountryGroupTimeline>(x.GroupId)?.Defined is null, ErrorCodes.AlreadyExists, $"country group {x.GroupId} was defined already."),
        Text = x => $"country group {x.GroupId} ({x.Name}) defined: {FactText.List(x.Countries)}{FactText.Cited(x.Source)}",
    };
}

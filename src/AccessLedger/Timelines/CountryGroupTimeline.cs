using AccessLedger.Events;

namespace AccessLedger.Timelines;

/// <summary>A country group (LEDGER.md section 7.1): its definition and the amendments of its membership.</summary>
internal sealed class CountryGroupTimeline : Timeline
{
    /// <summary>The folds of a group's stream.</summary>
    public static IReadOnlyList<Fold> Folds { get; } =
    [
        Fold.On<CountryGroupDefined, CountryGroupTimeline>(x => x.GroupId, (g, x, at) => g.Open(at, () => g.Defined ??= new(x, at))),
        Fold.On<CountryGroupAmended, CountryGroupTimeline>(x => x.GroupId, (g, x, at) => g.Add(g.Amendments, x, at)),
    ];

    /// <summary>The <c>country_group_defined</c> fact (null while only referenced).</summary>
    public Recorded<CountryGroupDefined>? Defined { get; set; }

    /// <summary><c>country_group_amended</c> facts.</summary>
    public List<Recorded<CountryGroupAmended>> Amendments { get; set; } = [];

    /// <inheritdoc/>
    public override IEnumerable<(ILedgerEvent Event, EventRef Ref)> Facts() => [.. Of(Defined), .. Of(Amendments)];

    /// <summary>The definition and the amendments in effect at T as known at K: cited with a ban that names the group.</summary>
    public IEnumerable<EventRef> RefsAt(DateTimeOffset at, Knowledge knowledge) =>
        Defined is { } defined && knowledge.InEffect(defined, at) ? knowledge.InEffect(Amendments, at).Select(a => a.Ref).Prepend(defined.Ref) : [];

    /// <summary>The members at T as known at K: none before the definition takes effect; amendments in effect applied in valid-time order.</summary>
    public IReadOnlySet<string> MembersAt(DateTimeOffset at, Knowledge knowledge)
    {
        if (Defined is not { } defined || !knowledge.InEffect(defined, at))
        {
            return new HashSet<string>();
        }

        var members = new HashSet<string>(defined.Event.Countries, StringComparer.Ordinal);
        foreach (var amendment in knowledge.InEffect(Amendments, at))
        {
            members.UnionWith(amendment.Event.AddCountries);
            members.ExceptWith(amendment.Event.RemoveCountries);
        }

        return members;
    }
}

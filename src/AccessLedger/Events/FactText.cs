namespace AccessLedger.Events;

/// <summary>The pieces of the one-sentence texts of facts (each kind's <c>Text</c>).</summary>
internal static class FactText
{
    /// <summary>Ids joined by commas.</summary>
    public static string List(IEnumerable<string> items) => string.Join(", ", items);

    /// <summary>", adds a, b" when the list names something, else nothing.</summary>
    public static string Change(string verb, IReadOnlyList<string> ids) => ids.Count > 0 ? $", {verb} {List(ids)}" : "";

    /// <summary>" (91 FR 60210, published …)" for a fact with a source, else nothing.</summary>
    public static string Cited(Source? source) => source is null
        ? ""
        : $" ({source.Citation}{(source.PublishedAt is { } published ? $", published {Wire.LedgerJson.Format(published)}" : "")})";

    /// <summary>"mythos-5, class mythos-class": the models and classes an instrument covers.</summary>
    public static string Covered(IReadOnlyList<string> models, IReadOnlyList<string>? classes) =>
        List([.. models, .. (classes ?? []).Select(c => $"class {c}")]);

    /// <summary>", for security_research" when an instrument names activities, else nothing (every activity).</summary>
    public static string Activities(IReadOnlyList<string>? activities) => activities is { Count: > 0 } ? $", for {List(activities)}" : "";

    /// <summary>A share of ownership, e.g. "30 %".</summary>
    public static string Percent(decimal percent) => $"{percent.ToString(System.Globalization.CultureInfo.InvariantCulture)} %";

    /// <summary>Whom a ban reaches.</summary>
    public static string Scope(BanScope scope) => scope.Kind switch
    {
        BanScopeKind.AllUsers => "all users",
        BanScopeKind.ForeignPersons => "foreign persons",
        BanScopeKind.Parties => $"the employees of {List(scope.Organizations ?? [])}{(scope.Affiliates ? " and of the organizations they own 50 % or more" : "")}",
        BanScopeKind.Destinations => $"anyone in {List([.. scope.Countries ?? [], .. (scope.Groups ?? []).Select(g => $"group {g}")])}",
        _ => $"nationals of {List([.. scope.Nationalities ?? [], .. (scope.Groups ?? []).Select(g => $"group {g}")])}",
    };
}

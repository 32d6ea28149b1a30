using AccessLedger.Rules;
using AccessLedger.Timelines;

namespace AccessLedger.Events;

/// <summary><c>ban_issued</c> on <c>directive-{directiveId}</c>: a regulator bars a scope of users from models.</summary>
/// <param name="DirectiveId">The directive's slug.</param>
/// <param name="Regulator">Who issued it.</param>
/// <param name="Instrument">The legal instrument (e.g. an is-informed letter).</param>
/// <param name="Models">The models it covers.</param>
/// <param name="Scope">Whom it reaches.</param>
/// <param name="LegalBasis">Citations.</param>
/// <param name="ValidFrom">When it takes effect.</param>
/// <param name="ValidTo">When it expires, if it does (exclusive).</param>
/// <param name="Classes">Classes of models it covers beside <paramref name="Models"/>, including models classified later (null: none).</param>
/// <param name="Activities">The activities it controls (null or empty: every activity).</param>
/// <param name="Source">Where the fact came from (LEDGER.md section 7.1; null: not said).</param>
public sealed record BanIssued(
    string DirectiveId,
    string Regulator,
    string Instrument,
    IReadOnlyList<string> Models,
    BanScope Scope,
    IReadOnlyList<string> LegalBasis,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ValidTo = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Classes = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Activities = null, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] Source? Source = null) : ILedgerEvent, ISourced
{
    /// <summary>The declaration of <c>ban_issued</c>: stream, field checks, write rule, keys and what a decision reads.</summary>
    internal static EventKind<BanIssued> Kind { get; } = new("ban_issued", TimelineKind.Directive, x => x.DirectiveId)
    {
        Keys = [KeyList.Models(nameof(Models)), KeyList.Classes(nameof(Classes))],
        Decision = DecisionRead.Always,
        Fields = (c, x) => c.Id("directiveId", x.DirectiveId).Text("regulator", x.Regulator).Text("instrument", x.Instrument)
            .Ids("models", x.Models, nonEmpty: false).OptionalIds("classes", x.Classes).OptionalIds("activities", x.Activities)
            .Require(x.Models is null || x.Models.Count + (x.Classes?.Count ?? 0) > 0, "a ban covers at least one model or class: models and classes cannot both be empty.")
            .Texts("legalBasis", x.LegalBasis, nonEmpty: false).Interval(x.ValidFrom, x.ValidTo)
            .Source(x.Source).Done(x with { Scope = c.Scope(x.Scope) }),
        Rule = (x, state) =>
        {
            WriteRules.Require(state.Find<DirectiveTimeline>(x.DirectiveId)?.Issued is null, ErrorCodes.AlreadyExists, $"directive {x.DirectiveId} was issued already.");
            foreach (var group in x.Scope.Groups ?? [])
            {
                WriteRules.Require(
                    state.Find<CountryGroupTimeline>(group)?.Defined is not null, ErrorCodes.UnknownCountryGroup, $"directive {x.DirectiveId} names country group {group}, which was never defined.");
            }
        },
        RuleReads = x => (x.Scope?.Groups ?? []).Select(TimelineKind.CountryGroup.Key),
        ValidTo = x => x.ValidTo,
        Text = x => $"ban {x.DirectiveId} issued by {x.Regulator} ({x.Instrument}) on {FactText.Covered(x.Models, x.Classes)} for {FactText.Scope(x.Scope)}{FactText.Activities(x.Activities)}{FactText.Cited(x.Source)}",
    };
}

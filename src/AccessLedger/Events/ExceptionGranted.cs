using AccessLedger.Rules;
using AccessLedger.Timelines;

namespace AccessLedger.Events;

/// <summary><c>exception_granted</c> on <c>exception-{exceptionId}</c>: relief from bans for some beneficiaries.</summary>
/// <param name="ExceptionId">The exception's slug.</param>
/// <param name="DirectiveIds">The bans it relieves.</param>
/// <param name="Models">The models it covers (each covered by one of the bans).</param>
/// <param name="Beneficiaries">Who it relieves.</param>
/// <param name="RequiresSafeguards">Certifications that must hold for the relief to apply.</param>
/// <param name="RequiresProvisioning">Whether the subject's organization must be provisioned for the model.</param>
/// <param name="ValidFrom">From when.</param>
/// <param name="ValidTo">Until when, if it expires (exclusive).</param>
/// <param name="Classes">Classes of models it covers beside <paramref name="Models"/>, each named by one of its bans (null: none).</param>
/// <param name="Activities">The activities it relieves (null or empty: every activity).</param>
/// <param name="Source">Where the fact came from (LEDGER.md section 7.1; null: not said).</param>
public sealed record ExceptionGranted(
    string ExceptionId,
    IReadOnlyList<string> DirectiveIds,
    IReadOnlyList<string> Models,
    IReadOnlyList<Beneficiary> Beneficiaries,
    IReadOnlyList<string> RequiresSafeguards,
    bool RequiresProvisioning,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ValidTo = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Classes = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Activities = null, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] Source? Source = null) : ILedgerEvent, ISourced
{
    /// <summary>The declaration of <c>exception_granted</c>: stream, field checks, write rule, keys and what a decision reads.</summary>
    internal static EventKind<ExceptionGranted> Kind { get; } = new("exception_granted", TimelineKind.Exception, x => x.ExceptionId)
    {
        Keys = [KeyList.Models(nameof(Models)), KeyList.Classes(nameof(Classes))],
        Decision = DecisionRead.Always,
        Fields = (c, x) => c.Id("exceptionId", x.ExceptionId).Ids("directiveIds", x.DirectiveIds, nonEmpty: true).Ids("models", x.Models, nonEmpty: false)
            .OptionalIds("classes", x.Classes).OptionalIds("activities", x.Activities)
            .Require(x.Models is null || x.Models.Count + (x.Classes?.Count ?? 0) > 0, "an exception covers at least one model or class: models and classes cannot both be empty.")
            .Ids("requiresSafeguards", x.RequiresSafeguards, nonEmpty: false).Interval(x.ValidFrom, x.ValidTo)
            .Source(x.Source).Done(x with { Beneficiaries = c.Beneficiaries(x.Beneficiaries) }),
        Rule = CheckGrant,
        RuleReads = x => [.. x.DirectiveIds.Select(TimelineKind.Directive.Key), .. x.RequiresSafeguards.Select(TimelineKind.Safeguard.Key)],
        ValidTo = x => x.ValidTo,
        Text = x => $"exception {x.ExceptionId} to {FactText.List(x.DirectiveIds)} granted for {FactText.Covered(x.Models, x.Classes)}{FactText.Activities(x.Activities)}{FactText.Cited(x.Source)}",
    };

    // An exception relieves bans that exist and cover its models, and requires safeguards that exist.
    private static void CheckGrant(ExceptionGranted x, TimelineSet state)
    {
        WriteRules.Require(state.Find<ExceptionTimeline>(x.ExceptionId)?.Granted is null, ErrorCodes.AlreadyExists, $"exception {x.ExceptionId} was granted already.");
        var covered = new HashSet<string>(StringComparer.Ordinal);
        var classes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var directiveId in x.DirectiveIds)
        {
            var directive = state.Find<DirectiveTimeline>(directiveId);
            WriteRules.Require(directive?.Issued is not null, ErrorCodes.UnknownDirective, $"exception {x.ExceptionId} relieves directive {directiveId}, which was never issued.");
            covered.UnionWith(directive!.ModelsEverCovered());
            classes.UnionWith(directive.ClassesEverCovered());
        }

        // A model must be covered by name, unless a directive names classes: coverage is then judged at T by the gate.
        var uncovered = classes.Count > 0 ? [] : x.Models.Where(m => !covered.Contains(m)).ToList();
        WriteRules.Require(
            uncovered.Count == 0, ErrorCodes.ModelNotCovered, $"exception {x.ExceptionId} names {string.Join(", ", uncovered)}, which none of {string.Join(", ", x.DirectiveIds)} covers.");
        var unnamed = (x.Classes ?? []).Where(c => !classes.Contains(c)).ToList();
        WriteRules.Require(
            unnamed.Count == 0, ErrorCodes.ModelNotCovered, $"exception {x.ExceptionId} names class {string.Join(", ", unnamed)}, which none of {string.Join(", ", x.DirectiveIds)} names.");
        foreach (var safeguardId in x.RequiresSafeguards)
        {
            WriteRules.Require(
                state.Find<SafeguardTimeline>(safeguardId)?.Certified is not null, ErrorCodes.UnknownSafeguard, $"exception {x.ExceptionId} requires safeguard {safeguardId}, which was never certified.");
        }
    }
}

using AccessLedger.Rules;
using AccessLedger.Timelines;

namespace AccessLedger.Events;

/// <summary><c>exception_validity_changed</c> on <c>exception-{exceptionId}</c>: the exception ends at a new instant (or never) from <paramref name="ValidFrom"/> on.</summary>
/// <param name="ExceptionId">The exception.</param>
/// <param name="ValidTo">The new end (exclusive), or null for open-ended.</param>
/// <param name="ValidFrom">From when the new end holds; it may extend an exception that had expired (the gap stays a gap).</param>
/// <param name="Source">Where the change came from.</param>
public sealed record ExceptionValidityChanged(
    string ExceptionId,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] DateTimeOffset? ValidTo,
    DateTimeOffset ValidFrom,
    Source? Source = null) : ILedgerEvent, IValidityChange, ISourced
{
    /// <summary>The declaration of <c>exception_validity_changed</c>: stream, field checks, write rule, keys and what a decision reads.</summary>
    internal static EventKind<ExceptionValidityChanged> Kind { get; } = new("exception_validity_changed", TimelineKind.Exception, x => x.ExceptionId)
    {
        Decision = DecisionRead.InEffect,
        Fields = (c, x) => c.Id("exceptionId", x.ExceptionId).Interval(x.ValidFrom, x.ValidTo).Source(x.Source).Done(x),
        Rule = (x, state) =>
        {
            var exception = WriteRules.RequireLiveException(state, x.ExceptionId, "given a new validity");
            WriteRules.RequireEndAfterStart(x.ValidTo, exception.Granted!.Event.ValidFrom, $"exception {x.ExceptionId}");
        },
        ValidTo = x => x.ValidTo,
        Text = x => $"exception {x.ExceptionId} {(x.ValidTo is { } to ? $"runs until {Wire.LedgerJson.Format(to)}" : "runs without end")}{FactText.Cited(x.Source)}",
    };
}

using AccessLedger.Rules;
using AccessLedger.Timelines;

namespace AccessLedger.Events;

/// <summary><c>exception_suspended</c> on <c>exception-{exceptionId}</c>: the exception relieves no one from <paramref name="ValidFrom"/> until <paramref name="ValidTo"/> or a reinstatement.</summary>
/// <param name="ExceptionId">The exception.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="ValidFrom">From when.</param>
/// <param name="ValidTo">When it relieves again by itself, if scheduled (exclusive).</param>
/// <param name="Source">Where the suspension came from.</param>
public sealed record ExceptionSuspended(string ExceptionId, string Reason, DateTimeOffset ValidFrom, DateTimeOffset? ValidTo = null, Source? Source = null) : ILedgerEvent, IInstrumentSuspension, ISourced
{
    /// <summary>The declaration of <c>exception_suspended</c>: stream, field checks, write rule, keys and what a decision reads.</summary>
    internal static EventKind<ExceptionSuspended> Kind { get; } = new("exception_suspended", TimelineKind.Exception, x => x.ExceptionId)
    {
        Decision = DecisionRead.InEffect,
        Fields = (c, x) => c.Id("exceptionId", x.ExceptionId).Text("reason", x.Reason).Interval(x.ValidFrom, x.ValidTo).Source(x.Source).Done(x),
        Rule = (x, state) =>
        {
            WriteRules.RequireLiveException(state, x.ExceptionId, "suspended");
        },
        ValidTo = x => x.ValidTo,
        Text = x => $"exception {x.ExceptionId} suspended{(x.ValidTo is { } to ? $" until {Wire.LedgerJson.Format(to)}" : "")}: {x.Reason}{FactText.Cited(x.Source)}",
    };
}

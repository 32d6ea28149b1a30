using AccessLedger.Rules;
using AccessLedger.Timelines;

namespace AccessLedger.Events;

/// <summary><c>exception_reinstated</c> on <c>exception-{exceptionId}</c>: a suspension of the exception ends.</summary>
/// <param name="ExceptionId">The exception.</param>
/// <param name="ValidFrom">From when it relieves again.</param>
/// <param name="Source">Where the reinstatement came from.</param>
public sealed record ExceptionReinstated(string ExceptionId, DateTimeOffset ValidFrom, Source? Source = null) : ILedgerEvent, ISourced
{
    /// <summary>The declaration of <c>exception_reinstated</c>: stream, field checks, write rule, keys and what a decision reads.</summary>
    internal static EventKind<ExceptionReinstated> Kind { get; } = new("exception_reinstated", TimelineKind.Exception, x => x.ExceptionId)
    {
        Decision = DecisionRead.InEffect,
        Fields = (c, x) => c.Id("exceptionId", x.ExceptionId).Source(x.Source).Done(x),
        Rule = (x, state) =>
        {
            WriteRules.RequireSuspension(WriteRules.RequireLiveException(state, x.ExceptionId, "reinstated").Validity, x.ValidFrom, $"exception {x.ExceptionId}");
        },
        Text = x => $"exception {x.ExceptionId} reinstated{FactText.Cited(x.Source)}",
    };
}

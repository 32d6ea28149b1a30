using AccessLedger.Rules;
using AccessLedger.Timelines;

namespace AccessLedger.Events;

/// <summary><c>exception_revoked</c> on <c>exception-{exceptionId}</c>: the relief ends.</summary>
/// <param name="ExceptionId">The exception revoked.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="ValidFrom">From when.</param>
public sealed record ExceptionRevoked(string ExceptionId, string Reason, DateTimeOffset ValidFrom) : ILedgerEvent
{
    /// <summary>The declaration of <c>exception_revoked</c>: stream, field checks, write rule, keys and what a decision reads.</summary>
    internal static EventKind<ExceptionRevoked> Kind { get; } = new("exception_revoked", TimelineKind.Exception, x => x.ExceptionId)
    {
        Decision = DecisionRead.InEffect,
        Fields = (c, x) => c.Id("exceptionId", x.ExceptionId).Text("reason", x.Reason).Done(x),
        Rule = (x, state) => WriteRules.Require(
            WriteRules.RequireGranted(state, x.ExceptionId, "revoked").Revocations.Count == 0, ErrorCodes.AlreadyEnded, $"exception {x.ExceptionId} was revoked already."),
        Text = x => $"exception {x.ExceptionId} revoked: {x.Reason}",
    };
}

using AccessLedger.Rules;
using AccessLedger.Timelines;

namespace AccessLedger.Events;

/// <summary><c>exception_revoked</c> on <c>exception-{exceptionId}</c>: the relief ends.</summary>
/// <param name="ExceptionId">The exception revoked.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="ValidFrom">From when.</param>
/// <param name="Source">Where the fact came from (LEDGER.md section 7.1; null: not said).</param>
public sealed record ExceptionRevoked(string ExceptionId, string Reason, DateTimeOffset ValidFrom, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] Source? Source = null) : ILedgerEvent, ISourced
{
    /// <summary>The declaration of <c>exception_revoked</c>: stream, field checks, write rule, keys and what a decision reads.</summary>
    internal static EventKind<ExceptionRevoked> Kind { get; } = new("exception_revoked", TimelineKind.Exception, x => x.ExceptionId)
    {
        Decision = DecisionRead.InEffect,
        Fields = (c, x) => c.Id("exceptionId", x.ExceptionId).Text("reason", x.Reason).Source(x.Source).Done(x),
        Rule = (x, state) => WriteRules.Require(
            WriteRules.RequireGranted(state, x.ExceptionId, "revoked").Revocations.Count == 0, ErrorCodes.AlreadyEnded, $"exception {x.ExceptionId} was revoked already."),
        Text = x => $"exception {x.ExceptionId} revoked: {x.Reason}{FactText.Cited(x.Source)}",
    };
}

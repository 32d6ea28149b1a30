using AccessLedger.Rules;
using AccessLedger.Timelines;

namespace AccessLedger.Events;

/// <summary><c>ban_lifted</c> on <c>directive-{directiveId}</c>: the ban ends.</summary>
/// <param name="DirectiveId">The directive lifted.</param>
/// <param name="ValidFrom">From when.</param>
/// <param name="Source">Where the fact came from (LEDGER.md section 7.1; null: not said).</param>
public sealed record BanLifted(string DirectiveId, DateTimeOffset ValidFrom, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] Source? Source = null) : ILedgerEvent, ISourced
{
    /// <summary>The declaration of <c>ban_lifted</c>: stream, field checks, write rule, keys and what a decision reads.</summary>
    internal static EventKind<BanLifted> Kind { get; } = new("ban_lifted", TimelineKind.Directive, x => x.DirectiveId)
    {
        Decision = DecisionRead.InEffect,
        Fields = (c, x) => c.Id("directiveId", x.DirectiveId).Source(x.Source).Done(x),
        Rule = (x, state) => WriteRules.Require(
            WriteRules.RequireIssued(state, x.DirectiveId, "lifted").Lifts.Count == 0, ErrorCodes.AlreadyEnded, $"directive {x.DirectiveId} was lifted already."),
        Text = x => $"ban {x.DirectiveId} lifted{FactText.Cited(x.Source)}",
    };
}

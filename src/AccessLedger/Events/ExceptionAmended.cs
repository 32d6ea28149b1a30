using AccessLedger.Rules;
using AccessLedger.Timelines;

namespace AccessLedger.Events;

/// <summary><c>exception_amended</c> on <c>exception-{exceptionId}</c>: organizations added to or removed from the beneficiaries.</summary>
/// <param name="ExceptionId">The exception amended.</param>
/// <param name="AddOrganizations">Organizations whose employees it relieves from now on.</param>
/// <param name="RemoveOrganizations">Organizations it no longer relieves.</param>
/// <param name="ValidFrom">From when.</param>
/// <param name="Source">Where the fact came from (LEDGER.md section 7.1; null: not said).</param>
public sealed record ExceptionAmended(string ExceptionId, IReadOnlyList<string> AddOrganizations, IReadOnlyList<string> RemoveOrganizations, DateTimeOffset ValidFrom, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] Source? Source = null) : ILedgerEvent, ISourced
{
    /// <summary>The declaration of <c>exception_amended</c>: stream, field checks, write rule, keys and what a decision reads.</summary>
    internal static EventKind<ExceptionAmended> Kind { get; } = new("exception_amended", TimelineKind.Exception, x => x.ExceptionId)
    {
        Keys = [KeyList.Organizations(nameof(AddOrganizations)), KeyList.Organizations(nameof(RemoveOrganizations))],
        Decision = DecisionRead.InEffectWhereNamed,
        Fields = (c, x) => c.Id("exceptionId", x.ExceptionId).Ids("addOrganizations", x.AddOrganizations, nonEmpty: false)
            .Ids("removeOrganizations", x.RemoveOrganizations, nonEmpty: false)
            .Require(x.AddOrganizations?.Count + x.RemoveOrganizations?.Count > 0, "an amendment adds or removes at least one organization.").Source(x.Source).Done(x),
        Rule = (x, state) => WriteRules.RequireGranted(state, x.ExceptionId, "amended"),
        Text = x => $"exception {x.ExceptionId} amended{FactText.Change("adds", x.AddOrganizations)}{FactText.Change("removes", x.RemoveOrganizations)}{FactText.Cited(x.Source)}",
    };
}

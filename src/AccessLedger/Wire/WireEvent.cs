using AccessLedger.Events;
using AccessLedger.Rules;

namespace AccessLedger.Wire;

/// <summary>
/// One event as written on the wire or submitted to the ledger: the fact and, optionally, who wrote it, under which
/// idempotency key, and (for an import of history only) when the ledger recorded it. The envelope is checked as it
/// is set (a <see cref="LedgerRuleException"/> otherwise); the fact is checked when it is recorded.
/// </summary>
/// <param name="Event">The fact.</param>
/// <param name="CommandId">The idempotency key; when absent the ledger derives one from the type and data, so that
/// re-importing the same line is a repeat, not a second fact. 1 to 200 characters, none of them control or
/// formatting characters.</param>
/// <param name="Actor">Who wrote it: 1 to 200 characters, none of them control or formatting characters (so no
/// terminal escape).</param>
/// <param name="RecordedAt">Knowledge time stated by an import of history, in whole microseconds; otherwise the
/// ledger's clock decides.</param>
public sealed record LedgerCommand(ILedgerEvent Event, string? CommandId = null, string? Actor = null, DateTimeOffset? RecordedAt = null)
{
    /// <summary>The fact.</summary>
    public ILedgerEvent Event { get; init => field = value ?? throw new ArgumentNullException(nameof(Event)); } = Event ?? throw new ArgumentNullException(nameof(Event));

    /// <summary>The idempotency key, or null for one derived from the type and data.</summary>
    public string? CommandId { get; init => field = FieldRules.CheckCommandId(value); } = FieldRules.CheckCommandId(CommandId);

    /// <summary>Who wrote it.</summary>
    public string? Actor { get; init => field = FieldRules.CheckActor(value); } = FieldRules.CheckActor(Actor);

    /// <summary>Knowledge time stated by an import of history, or null for the ledger's clock.</summary>
    public DateTimeOffset? RecordedAt { get; init => field = FieldRules.CheckRecordedAt(value); } = FieldRules.CheckRecordedAt(RecordedAt);
}

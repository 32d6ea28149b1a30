using AccessLedger.Events;

namespace AccessLedger.Wire;

/// <summary>
/// One event as written on the wire or submitted to the ledger: the fact and, optionally, who wrote it, under which
/// idempotency key, and (for an import of history only) when the ledger recorded it.
/// </summary>
/// <param name="Event">The fact.</param>
/// <param name="CommandId">The idempotency key; when absent the ledger derives one from the type and data, so that
/// re-importing the same line is a repeat, not a second fact.</param>
/// <param name="Actor">Who wrote it.</param>
/// <param name="RecordedAt">Knowledge time stated by an import of history; otherwise the ledger's clock decides.</param>
public sealed record LedgerCommand(ILedgerEvent Event, string? CommandId = null, string? Actor = null, DateTimeOffset? RecordedAt = null);

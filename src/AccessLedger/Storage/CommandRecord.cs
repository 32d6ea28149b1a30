namespace AccessLedger.Storage;

/// <summary>
/// What a command wrote, found again by its id so a repeat returns the first result (idempotency). Kept as columns
/// of the chain table, written by the same COPY as the chain.
/// </summary>
/// <param name="Id">The commandId.</param>
/// <param name="PayloadHash">SHA-256 of the command's type and data, hex: a repeat with other data is a conflict.</param>
/// <param name="Position">The ledger position of the event it wrote.</param>
/// <param name="Stream">The stream it wrote to.</param>
/// <param name="Version">The event's version in that stream.</param>
/// <param name="RecordedAt">When the ledger recorded it.</param>
internal sealed record CommandRecord(string Id, string PayloadHash, long Position, string Stream, long Version, DateTimeOffset RecordedAt);

using AccessLedger.Events;

namespace AccessLedger.Writes;

/// <summary>An event as the ledger stored it: the fact, its envelope, and its link in the chain.</summary>
/// <param name="Position">Ledger-wide position, 1-based and gapless.</param>
/// <param name="EventId">The stored event's unique id.</param>
/// <param name="Stream">Its stream.</param>
/// <param name="Version">Its version in the stream.</param>
/// <param name="Type">The wire type.</param>
/// <param name="RecordedAt">Knowledge time.</param>
/// <param name="CommandId">The idempotency key that wrote it.</param>
/// <param name="Actor">Who wrote it, if stated.</param>
/// <param name="Data">The fact.</param>
/// <param name="Hash">The chain hash at this position, lower-case hex.</param>
public sealed record RecordedEvent(long Position, Guid EventId, string Stream, long Version, string Type, DateTimeOffset RecordedAt, string CommandId, string? Actor, ILedgerEvent Data, string Hash)
{
    /// <summary>Valid time.</summary>
    public DateTimeOffset ValidFrom => Data.ValidFrom;
}

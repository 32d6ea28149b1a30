namespace AccessLedger.Writes;

/// <summary>What one command wrote, or, for an idempotent repeat, what it wrote the first time.</summary>
/// <param name="CommandId">The command's id (given, or derived from type and data).</param>
/// <param name="Position">The event's ledger position.</param>
/// <param name="Stream">Its stream.</param>
/// <param name="Version">Its version within the stream.</param>
/// <param name="RecordedAt">When the ledger recorded it.</param>
/// <param name="Repeated">True when nothing was written because the command had been recorded before.</param>
public sealed record RecordResult(string CommandId, long Position, string Stream, long Version, DateTimeOffset RecordedAt, bool Repeated);

/// <summary>What a batch wrote, in the order of its commands.</summary>
/// <param name="Results">One result per command.</param>
public sealed record BatchResult(IReadOnlyList<RecordResult> Results)
{
    /// <summary>Events written by this batch.</summary>
    public int Recorded => Results.Count(r => !r.Repeated);

    /// <summary>Commands skipped as idempotent repeats.</summary>
    public int Repeated => Results.Count(r => r.Repeated);
}

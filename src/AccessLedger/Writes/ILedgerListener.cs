namespace AccessLedger.Writes;

/// <summary>
/// Hears every event the ledger recorded, after its transaction committed: never for a rejected or rolled-back
/// write, never for an idempotent repeat. A listener that throws does not undo the write (it is committed); the
/// exception reaches the writer.
/// </summary>
public interface ILedgerListener
{
    /// <summary>Called once per committed write with its events, in ledger order.</summary>
    Task OnRecordedAsync(IReadOnlyList<RecordedEvent> events, CancellationToken cancellationToken);
}

namespace AccessLedger.Events;

/// <summary>
/// A fact of the ledger contract (LEDGER.md section 2). Every event holds in the world from
/// <see cref="ValidFrom"/> (valid time); when the ledger learned of it is kept beside it (knowledge time).
/// </summary>
public interface ILedgerEvent
{
    /// <summary>The instant from which the fact holds in the world (UTC).</summary>
    DateTimeOffset ValidFrom { get; }
}

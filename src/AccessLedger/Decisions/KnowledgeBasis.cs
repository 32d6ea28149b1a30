namespace AccessLedger.Decisions;

/// <summary>
/// What "known at K" means (LEDGER.md section 7.2, "Knowledge"): what the ledger had recorded by K, or what the
/// public record said by K. The difference between the two answers is the company's own recording delay.
/// </summary>
public enum KnowledgeBasis
{
    /// <summary>An event counts when the ledger recorded it at or before K ("what did we know?"); the default.</summary>
    Recorded,

    /// <summary>
    /// An event counts when its notice time is at or before K, among everything recorded now ("what should we have
    /// known?"): its source's <c>publishedAt</c>, else its <c>receivedAt</c>, else its <c>recordedAt</c>.
    /// </summary>
    Notice,
}

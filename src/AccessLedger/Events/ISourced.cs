namespace AccessLedger.Events;

/// <summary>An event that may say where it came from (LEDGER.md section 7.1: bans, exceptions, country groups).</summary>
internal interface ISourced
{
    /// <summary>Where the fact came from; null when not said.</summary>
    Source? Source { get; }
}

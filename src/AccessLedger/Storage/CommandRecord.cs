namespace AccessLedger.Storage;

/// <summary>What a command wrote, kept by its id so a repeat returns the first result (idempotency).</summary>
public sealed class CommandRecord
{
    /// <summary>The commandId.</summary>
    public string Id { get; set; } = "";

    /// <summary>SHA-256 of the command's type and data, hex: a repeat with other data is a conflict.</summary>
    public string PayloadHash { get; set; } = "";

    /// <summary>The ledger position of the event it wrote.</summary>
    public long Position { get; set; }

    /// <summary>The stream it wrote to.</summary>
    public string Stream { get; set; } = "";

    /// <summary>The event's version in that stream.</summary>
    public long Version { get; set; }

    /// <summary>When the ledger recorded it.</summary>
    public DateTimeOffset RecordedAt { get; set; }
}

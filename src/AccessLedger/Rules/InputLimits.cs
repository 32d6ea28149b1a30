namespace AccessLedger.Rules;

/// <summary>
/// The size limits of what the ledger accepts (docs/ledger.md, "Limits"). Input beyond one is refused with
/// <see cref="ErrorCodes.TooLarge"/> and nothing is written. They bound what one write can cost the ledger and
/// everyone who reads it, and they keep every event the ledger holds within one line of its own export.
/// </summary>
internal static class InputLimits
{
    /// <summary>One line of NDJSON: 1 MiB of UTF-8.</summary>
    public const int LineBytes = 1024 * 1024;

    /// <summary>One event's data as the ledger writes it (JSON, UTF-8): 512 KiB, so an exported line stays within <see cref="LineBytes"/>.</summary>
    public const int DataBytes = 512 * 1024;

    /// <summary>One free-text field (a name, a reason, a regulator, ...) or one entry of a list of free text: 4 KiB of UTF-8.</summary>
    public const int TextBytes = 4 * 1024;

    /// <summary>Entries of one list (models, citizenships, beneficiaries, parties, ...).</summary>
    public const int ListEntries = 1_000;

    /// <summary>Characters of a <c>commandId</c>.</summary>
    public const int CommandIdLength = 200;

    /// <summary>Characters of an <c>actor</c>.</summary>
    public const int ActorLength = 200;
}

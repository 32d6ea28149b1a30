namespace AccessLedger.Rules;

/// <summary>
/// A write broke a rule of the contract (or an audit report was asked about a model, organization or person the
/// ledger does not know). Nothing of the write was recorded. <see cref="Code"/> is stable
/// (<see cref="ErrorCodes"/>); the message is a sentence for a compliance engineer.
/// </summary>
public sealed class LedgerRuleException : Exception
{
    /// <summary>Creates the error.</summary>
    public LedgerRuleException(string code, string message, int? index = null, string? eventType = null)
        : base(message)
    {
        Code = code;
        Index = index;
        EventType = eventType;
    }

    /// <summary>Creates an error with no code; prefer the other constructor.</summary>
    public LedgerRuleException()
        : this(ErrorCodes.InvalidField, "the write broke a rule of the ledger contract.")
    {
    }

    /// <summary>Creates an error with no code; prefer the other constructor.</summary>
    public LedgerRuleException(string message)
        : this(ErrorCodes.InvalidField, message)
    {
    }

    /// <summary>Creates an error with no code; prefer the other constructor.</summary>
    public LedgerRuleException(string message, Exception innerException)
        : base(message, innerException) => Code = ErrorCodes.InvalidField;

    /// <summary>The stable error code.</summary>
    public string Code { get; }

    /// <summary>The 0-based index of the offending event in its batch, when the write was a batch.</summary>
    public int? Index { get; }

    /// <summary>The wire type of the offending event, when known.</summary>
    public string? EventType { get; }

    /// <summary>The same error, placed at an index of a batch.</summary>
    internal LedgerRuleException At(int index, string eventType) => new(Code, Message, index, eventType);
}

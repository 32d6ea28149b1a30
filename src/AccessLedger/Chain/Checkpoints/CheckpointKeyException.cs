namespace AccessLedger.Chain.Checkpoints;

/// <summary>
/// A checkpoint key could not be read, made or found. <see cref="Code"/> is stable; the message never holds the key
/// material.
/// </summary>
public sealed class CheckpointKeyException : Exception
{
    /// <summary>No key where one was looked for (a file that does not exist, an environment variable not set).</summary>
    public const string Missing = "checkpoint_key_missing";

    /// <summary>Text that is not a key of the form expected (docs/proofs.md, "Keys").</summary>
    public const string Invalid = "checkpoint_key_invalid";

    /// <summary>A key file that would overwrite one that exists.</summary>
    public const string Exists = "checkpoint_key_exists";

    /// <summary>Creates the error.</summary>
    public CheckpointKeyException(string code, string message)
        : base(message) => Code = code;

    /// <summary>Creates an error with no code; prefer the other constructor.</summary>
    public CheckpointKeyException()
        : this(Invalid, "the checkpoint key is not of the form expected.")
    {
    }

    /// <summary>Creates an error with no code; prefer the other constructor.</summary>
    public CheckpointKeyException(string message)
        : this(Invalid, message)
    {
    }

    /// <summary>Creates an error with no code; prefer the other constructor.</summary>
    public CheckpointKeyException(string message, Exception innerException)
        : base(message, innerException) => Code = Invalid;

    /// <summary>The stable error code.</summary>
    public string Code { get; }
}

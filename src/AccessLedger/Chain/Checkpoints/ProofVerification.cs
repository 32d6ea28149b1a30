namespace AccessLedger.Chain.Checkpoints;

/// <summary>One check of a proof bundle that failed.</summary>
/// <param name="Check">What failed, a stable code (<see cref="ProofChecks"/>).</param>
/// <param name="Subject">Where: <c>checkpoint</c>, <c>events[i]</c>, <c>olderCheckpoints[j]</c>, or the member of a malformed bundle.</param>
/// <param name="Message">Why, in a sentence.</param>
public sealed record ProofFailure(string Check, string Subject, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"[{Check}] {Subject}: {Message}";
}

/// <summary>What <see cref="ProofVerifier"/> found: every failed check, none when the bundle is valid.</summary>
public sealed class ProofVerification
{
    internal ProofVerification(IReadOnlyList<ProofFailure> failures, Checkpoint? checkpoint, int events, int olderCheckpoints)
    {
        Failures = failures;
        Checkpoint = checkpoint;
        Events = events;
        OlderCheckpoints = olderCheckpoints;
    }

    /// <summary>Whether every check held.</summary>
    public bool IsValid => Failures.Count == 0;

    /// <summary>Every check that failed, in the order of docs/proofs.md.</summary>
    public IReadOnlyList<ProofFailure> Failures { get; }

    /// <summary>The bundle's checkpoint when it could be read (verified only when <see cref="IsValid"/>).</summary>
    public Checkpoint? Checkpoint { get; }

    /// <summary>The number of cited events in the bundle.</summary>
    public int Events { get; }

    /// <summary>The number of older checkpoints in the bundle.</summary>
    public int OlderCheckpoints { get; }
}

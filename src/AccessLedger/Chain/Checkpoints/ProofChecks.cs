namespace AccessLedger.Chain.Checkpoints;

/// <summary>
/// The checks of a proof bundle (docs/proofs.md, "Verification"), as the stable codes a <see cref="ProofFailure"/>
/// carries. Scripts match on these; never rename one. eng/verify_proof.py reports the same codes.
/// </summary>
public static class ProofChecks
{
    /// <summary>The bundle is not of its form: not JSON, a member missing or of the wrong kind, a hash not 32 bytes of base64.</summary>
    public const string BundleMalformed = "bundle_malformed";

    /// <summary>A checkpoint is not a signed note whose text is a checkpoint (origin, size, root hash).</summary>
    public const string CheckpointMalformed = "checkpoint_malformed";

    /// <summary>A checkpoint carries no signature line of the verifier key (its name and key ID).</summary>
    public const string SignatureMissing = "signature_missing";

    /// <summary>A signature line of the verifier key does not verify: the checkpoint's text or the signature was altered.</summary>
    public const string SignatureInvalid = "signature_invalid";

    /// <summary>A cited event's leaf index is not below the checkpoint's tree size.</summary>
    public const string LeafIndexOutOfRange = "leaf_index_out_of_range";

    /// <summary>An inclusion path does not have the number of hashes its leaf index and the tree size call for.</summary>
    public const string InclusionPathLength = "inclusion_path_length";

    /// <summary>A cited event's bytes and inclusion path do not lead to the checkpoint's root.</summary>
    public const string InclusionMismatch = "inclusion_mismatch";

    /// <summary>An older checkpoint is of another log (another origin).</summary>
    public const string OriginMismatch = "origin_mismatch";

    /// <summary>An older checkpoint's tree is larger than the bundle checkpoint's.</summary>
    public const string ConsistencySize = "consistency_size";

    /// <summary>A consistency path does not have the number of hashes the two sizes call for.</summary>
    public const string ConsistencyPathLength = "consistency_path_length";

    /// <summary>A consistency path does not lead to the older root and the newer root: the older tree is not a prefix of the newer.</summary>
    public const string ConsistencyMismatch = "consistency_mismatch";
}

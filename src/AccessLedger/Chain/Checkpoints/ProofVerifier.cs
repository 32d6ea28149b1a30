using AccessLedger.Chain.Merkle;

namespace AccessLedger.Chain.Checkpoints;

/// <summary>
/// Verifies a proof bundle offline, with the verifier key alone (docs/proofs.md): the checkpoint's signature, that
/// each cited event's bytes are the leaf at its index under the checkpoint's root, and that every older checkpoint
/// given is a signed prefix of it. Every check runs, and every failure is named; nothing is read from a database.
/// </summary>
public static class ProofVerifier
{
    /// <summary>Verifies a bundle given as JSON text.</summary>
    public static ProofVerification Verify(string bundleJson, CheckpointVerifierKey key)
    {
        ArgumentNullException.ThrowIfNull(bundleJson);
        byte[] utf8;
        try
        {
            utf8 = NoteText.Utf8.GetBytes(bundleJson);
        }
        catch (System.Text.EncoderFallbackException)
        {
            return Malformed(new BundleProblem("bundle", "the bundle is not one JSON document in UTF-8 without duplicate member names."));
        }

        return Verify(utf8, key);
    }

    /// <summary>Verifies a bundle given as UTF-8 JSON (the bytes of a bundle file).</summary>
    public static ProofVerification Verify(ReadOnlyMemory<byte> bundleUtf8Json, CheckpointVerifierKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var bundle = ProofBundle.Parse(bundleUtf8Json, out var problem);
        return bundle is null ? Malformed(problem!) : Verify(bundle, key);
    }

    internal static ProofVerification Verify(ProofBundle bundle, CheckpointVerifierKey key)
    {
        var failures = new List<ProofFailure>();
        var checkpoint = ReadSigned(bundle.Checkpoint, "checkpoint", "the checkpoint", key, failures);
        if (checkpoint is null)
        {
            return new ProofVerification(failures, null, bundle.Events.Count, bundle.OlderCheckpoints.Count);
        }

        var root = checkpoint.RootHash.Span;
        foreach (var (e, i) in bundle.Events.Select((e, i) => (e, i)))
        {
            var subject = $"events[{i}]";
            var outcome = MerkleProofs.VerifyInclusion(MerkleHash.Leaf(e.Canonical), e.LeafIndex, checkpoint.Size, e.InclusionPath, root);
            var failure = outcome switch
            {
                ProofOutcome.OutOfRange => new ProofFailure(ProofChecks.LeafIndexOutOfRange, subject,
                    $"leaf {e.LeafIndex} is not in the checkpoint's tree of {checkpoint.Size} leaves."),
                ProofOutcome.PathLength => new ProofFailure(ProofChecks.InclusionPathLength, subject,
                    $"the inclusion path has {e.InclusionPath.Count} hashes; leaf {e.LeafIndex} of a tree of {checkpoint.Size} leaves needs {MerkleProofs.InclusionPlan(e.LeafIndex, checkpoint.Size).Count}."),
                ProofOutcome.Valid => null,
                _ => new ProofFailure(ProofChecks.InclusionMismatch, subject,
                    $"the event's bytes and inclusion path do not lead to the checkpoint's root: the bytes or the path were altered, or the event is not leaf {e.LeafIndex}."),
            };
            Add(failures, failure);
        }

        foreach (var (o, j) in bundle.OlderCheckpoints.Select((o, j) => (o, j)))
        {
            var subject = $"olderCheckpoints[{j}]";
            var older = ReadSigned(o.Checkpoint, subject, "the older checkpoint", key, failures);
            if (older is null)
            {
                continue;
            }

            if (older.Origin != checkpoint.Origin)
            {
                failures.Add(new ProofFailure(ProofChecks.OriginMismatch, subject, "the older checkpoint is of another log (its origin differs from the checkpoint's)."));
                continue;
            }

            var outcome = MerkleProofs.VerifyConsistency(older.Size, checkpoint.Size, older.RootHash.Span, root, o.ConsistencyPath);
            var failure = outcome switch
            {
                ProofOutcome.OutOfRange => new ProofFailure(ProofChecks.ConsistencySize, subject,
                    $"the older checkpoint's tree of {older.Size} leaves is larger than the checkpoint's of {checkpoint.Size}."),
                ProofOutcome.PathLength => new ProofFailure(ProofChecks.ConsistencyPathLength, subject,
                    $"the consistency path has {o.ConsistencyPath.Count} hashes; from {older.Size} to {checkpoint.Size} leaves needs {MerkleProofs.ConsistencyPlan(older.Size, checkpoint.Size).Count}."),
                ProofOutcome.OlderRootMismatch => new ProofFailure(ProofChecks.ConsistencyMismatch, subject,
                    "the consistency path does not lead to the older checkpoint's root: the path was altered, or the older tree is not a prefix of the newer."),
                ProofOutcome.RootMismatch => new ProofFailure(ProofChecks.ConsistencyMismatch, subject,
                    "the consistency path does not lead to the checkpoint's root: the path was altered, or the older tree is not a prefix of the newer."),
                _ => null,
            };
            Add(failures, failure);
        }

        return new ProofVerification(failures, checkpoint, bundle.Events.Count, bundle.OlderCheckpoints.Count);
    }

    // Reads a signed checkpoint; a malformed one is named and yields nothing, a bad signature is named and the
    // checkpoint still read, so the proofs under it are checked too.
    private static Checkpoint? ReadSigned(string text, string subject, string what, CheckpointVerifierKey key, List<ProofFailure> failures)
    {
        var note = SignedNote.Parse(text, out var problem);
        var checkpoint = note is null ? null : Checkpoint.Parse(note.Text, out problem);
        if (note is null || checkpoint is null)
        {
            failures.Add(new ProofFailure(ProofChecks.CheckpointMalformed, subject, problem!));
            return null;
        }

        switch (note.Verify(key))
        {
            case SignatureOutcome.Missing:
                failures.Add(new ProofFailure(ProofChecks.SignatureMissing, subject, $"{what} carries no signature by the key {key.Name}+{key.KeyId:x8}."));
                break;
            case SignatureOutcome.Invalid:
                failures.Add(new ProofFailure(ProofChecks.SignatureInvalid, subject, $"{what}'s signature by {key.Name} does not verify: its text or the signature was altered."));
                break;
        }

        return checkpoint;
    }

    private static void Add(List<ProofFailure> failures, ProofFailure? failure)
    {
        if (failure is not null)
        {
            failures.Add(failure);
        }
    }

    private static ProofVerification Malformed(BundleProblem problem) =>
        new([new ProofFailure(ProofChecks.BundleMalformed, problem.Subject, problem.Problem)], null, 0, 0);
}

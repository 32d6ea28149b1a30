namespace AccessLedger.Chain.Merkle;

/// <summary>
/// A complete subtree of the tree: the 2^<see cref="Level"/> leaves from <see cref="Start"/>, where
/// <see cref="Start"/> = <see cref="Index"/> × 2^<see cref="Level"/>. Level 0 is a leaf. Every hash a proof needs is
/// made of such subtrees, and each is final once its last leaf is appended, so storage can keep them as they come.
/// </summary>
/// <param name="Level">The height of the subtree (0 for a leaf, at most 62).</param>
/// <param name="Index">Its position among the subtrees of its level, from 0.</param>
internal readonly record struct NodeId(int Level, long Index)
{
    /// <summary>The index of its first leaf.</summary>
    public long Start => Index << Level;

    /// <summary>The index after its last leaf.</summary>
    public long End => (Index + 1) << Level;

    /// <inheritdoc />
    public override string ToString() => $"level {Level} index {Index} (leaves {Start}..{End - 1})";
}

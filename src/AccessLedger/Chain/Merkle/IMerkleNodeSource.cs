namespace AccessLedger.Chain.Merkle;

/// <summary>
/// Where proofs read the tree: the hashes of complete subtrees (<see cref="NodeId"/>), which an append makes final
/// (<see cref="CompactRange.Append"/> reports each). A proof asks for all it needs at once, so a store answers in
/// one round trip. <see cref="InMemoryMerkleTree"/> keeps them in memory.
/// </summary>
internal interface IMerkleNodeSource
{
    /// <summary>The hashes of <paramref name="nodes"/>, in their order. Every node asked for is complete.</summary>
    ValueTask<IReadOnlyList<byte[]>> GetNodesAsync(IReadOnlyList<NodeId> nodes, CancellationToken cancellationToken);
}

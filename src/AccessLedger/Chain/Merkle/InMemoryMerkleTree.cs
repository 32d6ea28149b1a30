namespace AccessLedger.Chain.Merkle;

/// <summary>
/// A Merkle tree held in memory: every complete subtree's hash, one contiguous buffer per level (about 64 bytes per
/// leaf), filled by a <see cref="CompactRange"/> as leaves are appended. For tests and benchmarks, and the model of
/// what a store keeps.
/// </summary>
internal sealed class InMemoryMerkleTree : IMerkleNodeSource
{
    private readonly CompactRange _edge = new();
    private readonly List<byte[]> _levels = [];
    private readonly List<long> _counts = [];
    private readonly SubtreeCompleted _keep;

    /// <summary>Creates an empty tree.</summary>
    public InMemoryMerkleTree() => _keep = Keep;

    /// <summary>The number of leaves.</summary>
    public long Size => _edge.Size;

    /// <summary>Appends a leaf given its bytes.</summary>
    public void AppendLeaf(ReadOnlySpan<byte> leaf) => _edge.AppendLeaf(leaf, _keep);

    /// <summary>Appends a leaf given its leaf hash.</summary>
    public void Append(ReadOnlySpan<byte> leafHash) => _edge.Append(leafHash, _keep);

    /// <summary>The root over all leaves.</summary>
    public byte[] Root() => _edge.Root();

    /// <summary>The hash of one complete subtree.</summary>
    public byte[] Node(NodeId node)
    {
        if (node.Level >= _levels.Count || node.Index < 0 || node.Index >= _counts[node.Level])
        {
            throw new ArgumentOutOfRangeException(nameof(node), node, $"the tree of {Size} leaves has no complete subtree {node}.");
        }

        return _levels[node.Level].AsSpan(checked((int)(node.Index * MerkleHash.Size)), MerkleHash.Size).ToArray();
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<byte[]>> GetNodesAsync(IReadOnlyList<NodeId> nodes, CancellationToken cancellationToken)
    {
        var hashes = new byte[nodes.Count][];
        for (var i = 0; i < nodes.Count; i++)
        {
            hashes[i] = Node(nodes[i]);
        }

        return ValueTask.FromResult<IReadOnlyList<byte[]>>(hashes);
    }

    private void Keep(NodeId node, ReadOnlySpan<byte> hash)
    {
        if (node.Level == _levels.Count)
        {
            _levels.Add(new byte[MerkleHash.Size * 16]);
            _counts.Add(0);
        }

        var offset = checked((int)(node.Index * MerkleHash.Size));
        if (offset + MerkleHash.Size > _levels[node.Level].Length)
        {
            var grown = new byte[Math.Max(offset + MerkleHash.Size, _levels[node.Level].Length * 2)];
            _levels[node.Level].CopyTo(grown, 0);
            _levels[node.Level] = grown;
        }

        hash.CopyTo(_levels[node.Level].AsSpan(offset));
        _counts[node.Level] = node.Index + 1;
    }
}

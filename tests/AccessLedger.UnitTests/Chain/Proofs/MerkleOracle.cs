using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace AccessLedger.UnitTests.Chain.Proofs;

/// <summary>
/// RFC 9162's definitions taken literally (section 2.1.1 MTH, 2.1.3.1 PATH, 2.1.4.1 PROOF/SUBPROOF), recursing over
/// the leaves themselves, with SHA-256 written out here rather than borrowed from the code under test. Memoized by
/// range (the leaves never change), which changes nothing of what is computed.
/// </summary>
internal sealed class MerkleOracle(IReadOnlyList<byte[]> leaves)
{
    private readonly ConcurrentDictionary<(int, int), byte[]> _mth = new();

    public IReadOnlyList<byte[]> Leaves => leaves;

    public static byte[] LeafHash(byte[] leaf) => SHA256.HashData([0x00, .. leaf]);

    public static byte[] NodeHash(byte[] left, byte[] right) => SHA256.HashData([0x01, .. left, .. right]);

    /// <summary>MTH(D[start:end]).</summary>
    public byte[] Mth(int start, int end)
    {
        if (_mth.TryGetValue((start, end), out var known))
        {
            return known;
        }

        var n = end - start;
        var hash = n switch
        {
            0 => SHA256.HashData([]),
            1 => LeafHash(leaves[start]),
            _ => NodeHash(Mth(start, start + K(n)), Mth(start + K(n), end)),
        };
        _mth[(start, end)] = hash;
        return hash;
    }

    /// <summary>PATH(m, D[n]).</summary>
    public List<byte[]> Path(int m, int n) => Path(m, 0, n);

    /// <summary>PROOF(m, D[n]).</summary>
    public List<byte[]> Proof(int m, int n) => m == 0 || m == n ? [] : SubProof(m, 0, n, true);

    private List<byte[]> Path(int m, int start, int end)
    {
        var n = end - start;
        if (n == 1)
        {
            return [];
        }

        var k = K(n);
        return m < k
            ? [.. Path(m, start, start + k), Mth(start + k, end)]
            : [.. Path(m - k, start + k, end), Mth(start, start + k)];
    }

    private List<byte[]> SubProof(int m, int start, int end, bool b)
    {
        var n = end - start;
        if (m == n)
        {
            return b ? [] : [Mth(start, end)];
        }

        var k = K(n);
        return m <= k
            ? [.. SubProof(m, start, start + k, b), Mth(start + k, end)]
            : [.. SubProof(m - k, start + k, end, false), Mth(start, start + k)];
    }

    // The largest power of two smaller than n.
    private static int K(int n)
    {
        var k = 1;
        while (k * 2 < n)
        {
            k *= 2;
        }

        return k;
    }
}

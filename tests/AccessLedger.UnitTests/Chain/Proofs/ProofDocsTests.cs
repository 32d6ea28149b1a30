using AccessLedger.Chain.Checkpoints;
using Shouldly;

namespace AccessLedger.UnitTests.Chain.Proofs;

/// <summary>docs/proofs.md's examples are what the code writes.</summary>
public sealed class ProofDocsTests
{
    // RFC 8032 TEST 1's seed, named example.com/ledger: a key everyone can recompute, for the example only.
    private const string Seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

    [Fact]
    public void the_keys_and_the_signed_checkpoint_of_the_docs_are_those_the_signer_writes()
    {
        var publicKey = Convert.FromHexString("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        var keyId = CheckpointVerifierKey.KeyIdOf("example.com/ledger", publicKey);
        var signingKey = $"PRIVATE+KEY+example.com/ledger+{keyId:x8}+{Convert.ToBase64String([0x01, .. Convert.FromHexString(Seed)])}";
        using var signer = CheckpointSigner.FromKeyText(signingKey);
        var signed = signer.Sign(new Checkpoint("example.com/ledger", 8, RfcVectors.Roots[7]));
        var bundle = new ProofBundle(
            signed,
            [new CitedLeaf(5, RfcVectors.Leaves[5], RfcVectors.Inclusions[2].Path)],
            [new OlderCheckpoint(signer.Sign(new Checkpoint("example.com/ledger", 6, RfcVectors.Roots[5])), RfcVectors.Consistencies[2].Path)]);
        var json = System.Text.Encoding.UTF8.GetString(bundle.ToJson());
        ProofVerifier.Verify(json, signer.VerifierKey).IsValid.ShouldBeTrue();

        var docs = File.ReadAllText(Path.Combine(Repository(), "docs", "proofs.md"));
        docs.ShouldContain(signingKey);
        docs.ShouldContain(signer.VerifierKey.ToString());
        docs.ShouldContain("```\n" + signed + "```");
        docs.ShouldContain("```json\n" + json + "\n```");
    }

    private static string Repository()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "AccessLedger.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no AccessLedger.sln above {AppContext.BaseDirectory}");
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AccessLedger.Chain.Checkpoints;
using Shouldly;

namespace AccessLedger.UnitTests.Chain.Proofs;

/// <summary>
/// The independent verifier, eng/verify_proof.py (Python, standard library only, its Ed25519 written from RFC 8032),
/// agrees with the C# one on valid and invalid bundles: the same verdict and the same failures, check by check and
/// subject by subject, in the same order.
/// </summary>
public sealed partial class PythonVerifierTests : IDisposable
{
    private readonly ProofLog _log = new(240);
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("accessledger-proofs-");

    [Fact]
    public async Task the_python_verifier_names_the_same_failures_as_the_csharp_one_for_valid_and_tampered_bundles()
    {
        var cases = await CasesAsync();
        var disagreements = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (c, ct) =>
        {
            var expected = ProofVerifier.Verify(c.Json, c.Key).Failures.Select(f => $"{f.Check} {f.Subject}").ToArray();
            var (exit, output, error) = await VerifyWithPythonAsync(c.Name, c.Json, c.Key.ToString());
            var actual = output.Split('\n').Select(l => FailureLine().Match(l)).Where(m => m.Success).Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}").ToArray();
            if (exit != (expected.Length == 0 ? 0 : 1) || !actual.SequenceEqual(expected))
            {
                disagreements.Add($"{c.Name}: C# [{string.Join(", ", expected)}], Python exit {exit} [{string.Join(", ", actual)}] {error}");
            }
        });

        disagreements.ShouldBeEmpty();
        cases.Count(c => ProofVerifier.Verify(c.Json, c.Key).IsValid).ShouldBe(4);
    }

    [Fact]
    public async Task the_python_verifier_says_valid_with_the_checkpoint_and_exits_0()
    {
        var (exit, output, _) = await VerifyWithPythonAsync("valid", (await _log.BundleAsync(200, [5], 100)).ToJson(), _log.Signer.VerifierKey.ToString());
        exit.ShouldBe(0);
        output.ShouldStartWith($"valid: checkpoint of {ProofLog.Origin} at 200 leaves, root ");
    }

    [Fact]
    public async Task the_python_verifier_refuses_a_malformed_or_signing_key_and_a_missing_file_with_exit_2()
    {
        var json = (await _log.BundleAsync(200, [5])).ToJson();
        var key = _log.Signer.VerifierKey.ToString();
        (await VerifyWithPythonAsync("altered key", json, key[..^2] + (key[^2] == 'A' ? "B=" : "A="))).Exit.ShouldBe(2);
        (await VerifyWithPythonAsync("signing key", json, CheckpointSigner.Generate("x.example/log").SigningKey)).Exit.ShouldBe(2);
        (await PythonVerifier.RunAsync(PythonVerifier.Script, Path.Combine(_folder.FullName, "absent.json"), "--public-key", key)).Exit.ShouldBe(2);
    }

    [Fact]
    public async Task the_python_ed25519_accepts_the_rfc_8032_and_go_note_vectors_and_refuses_flipped_bits()
    {
        const string check = """
            import sys
            sys.path.insert(0, sys.argv[1])
            import verify_proof as v
            pk = bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
            sig = bytes.fromhex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")
            assert v.ed25519_verify(pk, b"", sig)
            pk2 = bytes.fromhex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c")
            sig2 = bytes.fromhex("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00")
            assert v.ed25519_verify(pk2, b"r", sig2)
            assert not v.ed25519_verify(pk2, b"s", sig2)
            for bit in range(0, 512, 7):
                bad = bytearray(sig); bad[bit // 8] ^= 1 << (bit % 8)
                assert not v.ed25519_verify(pk, b"", bytes(bad)), bit
            for bit in range(0, 256, 11):
                bad = bytearray(pk); bad[bit // 8] ^= 1 << (bit % 8)
                assert not v.ed25519_verify(bytes(bad), b"", sig), bit
            bigger_s = sig[:32] + (int.from_bytes(sig[32:], "little") + v.L).to_bytes(32, "little")
            assert not v.ed25519_verify(pk, b"", bigger_s)
            name, kid, key = v.parse_verifier_key("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
            text, sigs = v.parse_signed_note("If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n")
            assert (name, kid) == (sigs[0][0], sigs[0][1]) == ("PeterNeumann", 0xc74f20a3)
            assert v.ed25519_verify(key, text.encode(), sigs[0][2])
            print("ok")
            """;
        var (exit, output, error) = await PythonVerifier.RunAsync("-c", check, Path.GetDirectoryName(PythonVerifier.Script)!);
        (exit, output.Trim(), error).ShouldBe((0, "ok", ""));
    }

    public void Dispose()
    {
        _log.Dispose();
        _folder.Delete(recursive: true);
    }

    private sealed record Case(string Name, byte[] Json, CheckpointVerifierKey Key);

    private async Task<List<Case>> CasesAsync()
    {
        var key = _log.Signer.VerifierKey;
        var bundle = await _log.BundleAsync(200, [0, 7, 128, 63, 199], 0, 1, 64, 100, 200);
        var cases = new List<Case>
        {
            new("valid", bundle.ToJson(), key),
            new("every leaf and every older size of a small tree", (await _log.BundleAsync(37, [.. Enumerable.Range(0, 37).Select(i => (long)i)], [.. Enumerable.Range(0, 38).Select(i => (long)i)])).ToJson(), key),
            new("nothing cited", (await _log.BundleAsync(1, [])).ToJson(), key),
        };
        var withDecision = JsonNode.Parse(bundle.ToJson())!.AsObject();
        withDecision["decision"] = new JsonObject { ["allowed"] = true };
        cases.Add(new("with a decision beside it", Encoding.UTF8.GetBytes(withDecision.ToJsonString()), key));

        using var other = CheckpointTests.NewSigner(ProofLog.Origin);
        cases.Add(new("another key", bundle.ToJson(), other.VerifierKey));

        var random = new Random(11);
        for (var i = 0; i < 6; i++)
        {
            var e = random.Next(5);
            var canonical = MerkleProofTests.Flip(bundle.Events[e].Canonical, random.Next(bundle.Events[e].Canonical.Length * 8));
            cases.Add(new($"a leaf bit flipped {i}", With(bundle, e, bundle.Events[e] with { Canonical = canonical }), key));
            var path = bundle.Events[e].InclusionPath.ToArray();
            var h = random.Next(path.Length);
            path[h] = MerkleProofTests.Flip(path[h], random.Next(256));
            cases.Add(new($"a path bit flipped {i}", With(bundle, e, bundle.Events[e] with { InclusionPath = path }), key));
            var rootBit = random.Next(256);
            cases.Add(new($"a root bit flipped {i}", (bundle with { Checkpoint = ProofLog.WithText(bundle.Checkpoint, c => new Checkpoint(c.Origin, c.Size, MerkleProofTests.Flip(c.RootHash.ToArray(), rootBit))) }).ToJson(), key));
            var size = 200L ^ (1L << random.Next(12));
            cases.Add(new($"a size changed {i}", (bundle with { Checkpoint = ProofLog.WithText(bundle.Checkpoint, c => new Checkpoint(c.Origin, size, c.RootHash.Span)) }).ToJson(), key));
            cases.Add(new($"a signature bit flipped {i}", (bundle with { Checkpoint = ProofLog.WithSignatureBit(bundle.Checkpoint, random.Next(i == 0 ? 32 : 544)) }).ToJson(), key));
            var o = 1 + random.Next(3);
            var consistency = bundle.OlderCheckpoints[o].ConsistencyPath.ToArray();
            var c = random.Next(consistency.Length);
            consistency[c] = MerkleProofTests.Flip(consistency[c], random.Next(256));
            cases.Add(new($"a consistency bit flipped {i}", (bundle with { OlderCheckpoints = bundle.OlderCheckpoints.Select((x, j) => j == o ? x with { ConsistencyPath = consistency } : x).ToArray() }).ToJson(), key));
        }

        cases.Add(new("a leaf out of the tree", With(bundle, 1, bundle.Events[1] with { LeafIndex = 200 }), key));
        cases.Add(new("a leaf at another index", With(bundle, 1, bundle.Events[1] with { LeafIndex = 8 }), key));
        cases.Add(new("a path cut short", With(bundle, 3, bundle.Events[3] with { InclusionPath = bundle.Events[3].InclusionPath.Skip(1).ToArray() }), key));

        var small = await _log.BundleAsync(150, [3], 100);
        using var fork = new ProofLog(100, seed: 1);
        using var elsewhere = new ProofLog(100, origin: "another.example/log");
        cases.Add(new("a forked older checkpoint", (small with { OlderCheckpoints = [small.OlderCheckpoints[0] with { Checkpoint = _log.Signer.Sign(new Checkpoint(ProofLog.Origin, 100, fork.Tree.Root())) }] }).ToJson(), key));
        cases.Add(new("an older checkpoint of another log", (small with { OlderCheckpoints = [small.OlderCheckpoints[0] with { Checkpoint = await elsewhere.SignedAsync(100) }] }).ToJson(), key));
        cases.Add(new("an older checkpoint of a larger tree", (small with { OlderCheckpoints = [new OlderCheckpoint(await _log.SignedAsync(180), [])] }).ToJson(), key));
        cases.Add(new("a consistency path cut short", (small with { OlderCheckpoints = [small.OlderCheckpoints[0] with { ConsistencyPath = small.OlderCheckpoints[0].ConsistencyPath.Skip(1).ToArray() }] }).ToJson(), key));

        var text = SignedNote.Parse(bundle.Checkpoint, out _)!.Text;
        cases.Add(new("a checkpoint without signatures", (bundle with { Checkpoint = text }).ToJson(), key));
        cases.Add(new("an older checkpoint that is no note", (small with { OlderCheckpoints = [small.OlderCheckpoints[0] with { Checkpoint = "x" }] }).ToJson(), key));
        cases.Add(new("bytes that are not UTF-8", [.. bundle.ToJson()[..10], 0xff, .. bundle.ToJson()[10..]], key));
        foreach (var malformed in ProofVerifierTests.MalformedCases())
        {
            var name = (string)malformed[0];
            cases.Add(new(name, ProofVerifierTests.Malformed(name, bundle.ToJson()), key));
        }

        return cases;
    }

    private static byte[] With(ProofBundle bundle, int index, CitedLeaf leaf) =>
        (bundle with { Events = bundle.Events.Select((e, i) => i == index ? leaf : e).ToArray() }).ToJson();

    private async Task<(int Exit, string Output, string Error)> VerifyWithPythonAsync(string name, byte[] json, string key)
    {
        var file = Path.Combine(_folder.FullName, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..16] + ".json");
        await File.WriteAllBytesAsync(file, json);
        return await PythonVerifier.RunAsync(PythonVerifier.Script, file, "--public-key", key);
    }

    [GeneratedRegex(@"^invalid: \[(\w+)\] (\S+): ")]
    private static partial Regex FailureLine();
}

using System.Text;
using System.Text.Json.Nodes;
using AccessLedger.Chain.Checkpoints;
using Shouldly;

namespace AccessLedger.UnitTests.Chain.Proofs;

/// <summary>
/// The offline verifier of proof bundles: a valid bundle verifies with the verifier key alone, and any flipped bit
/// of a cited event, an inclusion path, the root, the size, the signature or a consistency path fails, each named
/// by its check and where it is.
/// </summary>
public sealed class ProofVerifierTests : IDisposable
{
    private static readonly long[] Cited = [0, 7, 128, 63, 199];
    private static readonly long[] Older = [0, 1, 64, 100, 200];
    private readonly ProofLog _log = new(240);

    [Fact]
    public async Task a_bundle_of_a_signed_checkpoint_cited_events_and_older_checkpoints_verifies_with_the_key_alone()
    {
        var json = (await Bundle()).ToJson();
        var result = ProofVerifier.Verify(json, CheckpointVerifierKey.Parse(_log.Signer.VerifierKey.ToString()));

        result.Failures.ShouldBeEmpty();
        result.IsValid.ShouldBeTrue();
        (result.Checkpoint!.Origin, result.Checkpoint.Size, result.Events, result.OlderCheckpoints).ShouldBe((ProofLog.Origin, 200L, 5, 5));
        ProofVerifier.Verify(Encoding.UTF8.GetString(json), _log.Signer.VerifierKey).IsValid.ShouldBeTrue();
    }

    [Fact]
    public async Task any_flipped_bit_of_a_cited_event_s_bytes_is_named_as_that_event_s_inclusion_failure()
    {
        var bundle = await Bundle();
        var canonical = bundle.Events[1].Canonical;
        foreach (var bit in Enumerable.Range(0, canonical.Length * 8).Where(b => b < 512 || b >= (canonical.Length * 8) - 64))
        {
            Codes(bundle with { Events = Replace(bundle.Events, 1, bundle.Events[1] with { Canonical = MerkleProofTests.Flip(canonical, bit) }) })
                .ShouldBe(["inclusion_mismatch events[1]"], $"bit {bit}");
        }
    }

    [Fact]
    public async Task any_flipped_bit_of_an_inclusion_path_is_named_as_that_event_s_inclusion_failure()
    {
        var bundle = await Bundle();
        foreach (var (path, what) in MerkleProofTests.Flips([.. bundle.Events[2].InclusionPath]))
        {
            Codes(bundle with { Events = Replace(bundle.Events, 2, bundle.Events[2] with { InclusionPath = path }) }).ShouldBe(["inclusion_mismatch events[2]"], what);
        }
    }

    [Fact]
    public async Task any_flipped_bit_of_the_root_breaks_the_signature_and_every_inclusion_under_it()
    {
        var bundle = await Bundle();
        foreach (var bit in Enumerable.Range(0, 256))
        {
            var checkpoint = ProofLog.WithText(bundle.Checkpoint, c => new Checkpoint(c.Origin, c.Size, MerkleProofTests.Flip(c.RootHash.ToArray(), bit)));
            var codes = Codes(bundle with { Checkpoint = checkpoint });
            codes[0].ShouldBe("signature_invalid checkpoint", $"bit {bit}");
            Cited.Select((_, i) => $"inclusion_mismatch events[{i}]").ShouldBeSubsetOf(codes);
            codes.ShouldContain("consistency_mismatch olderCheckpoints[1]");
        }
    }

    [Fact]
    public async Task any_change_of_the_size_breaks_the_signature()
    {
        var bundle = await Bundle();
        foreach (var size in Enumerable.Range(0, 12).Select(b => 200L ^ (1L << b)).Append(201).Append(long.MaxValue))
        {
            Codes(bundle with { Checkpoint = ProofLog.WithText(bundle.Checkpoint, c => new Checkpoint(c.Origin, size, c.RootHash.Span)) })[0]
                .ShouldBe("signature_invalid checkpoint", $"size {size}");
        }
    }

    [Fact]
    public async Task any_flipped_bit_of_the_signature_is_named_and_one_of_its_key_id_makes_it_a_stranger_s()
    {
        var bundle = await Bundle();
        foreach (var bit in Enumerable.Range(0, (4 + 64) * 8))
        {
            Codes(bundle with { Checkpoint = ProofLog.WithSignatureBit(bundle.Checkpoint, bit) })
                .ShouldBe([bit < 32 ? "signature_missing checkpoint" : "signature_invalid checkpoint"], $"bit {bit}");
        }
    }

    [Fact]
    public async Task a_bundle_checked_with_another_key_has_no_signature_of_it()
    {
        using var other = CheckpointTests.NewSigner(ProofLog.Origin);
        var result = ProofVerifier.Verify(await Bundle(), other.VerifierKey);
        result.Failures.Select(f => $"{f.Check} {f.Subject}")
            .ShouldBe(["signature_missing checkpoint", .. Older.Select((_, j) => $"signature_missing olderCheckpoints[{j}]")]);
        result.Failures[0].Message.ShouldContain(other.VerifierKey.KeyId.ToString("x8"));
    }

    [Fact]
    public async Task a_leaf_cited_at_another_index_out_of_the_tree_or_with_a_path_cut_short_is_named()
    {
        var bundle = await Bundle();
        Codes(bundle with { Events = Replace(bundle.Events, 1, bundle.Events[1] with { LeafIndex = 8 }) }).ShouldBe(["inclusion_mismatch events[1]"]);
        Codes(bundle with { Events = Replace(bundle.Events, 1, bundle.Events[1] with { LeafIndex = 200 }) }).ShouldBe(["leaf_index_out_of_range events[1]"]);
        Codes(bundle with { Events = Replace(bundle.Events, 3, bundle.Events[3] with { InclusionPath = bundle.Events[3].InclusionPath.Skip(1).ToArray() }) })
            .ShouldBe(["inclusion_path_length events[3]"]);
        Codes(bundle with { Events = Replace(bundle.Events, 3, bundle.Events[3] with { InclusionPath = [.. bundle.Events[3].InclusionPath, new byte[32]] }) })
            .ShouldBe(["inclusion_path_length events[3]"]);
    }

    [Fact]
    public async Task any_flipped_bit_of_a_consistency_path_or_an_older_root_is_named_with_its_checkpoint()
    {
        var bundle = await Bundle();
        foreach (var (path, what) in MerkleProofTests.Flips([.. bundle.OlderCheckpoints[3].ConsistencyPath]))
        {
            Codes(bundle with { OlderCheckpoints = Replace(bundle.OlderCheckpoints, 3, bundle.OlderCheckpoints[3] with { ConsistencyPath = path }) })
                .ShouldBe(["consistency_mismatch olderCheckpoints[3]"], what);
        }

        var older = ProofLog.WithText(bundle.OlderCheckpoints[3].Checkpoint, c => new Checkpoint(c.Origin, c.Size, MerkleProofTests.Flip(c.RootHash.ToArray(), 77)));
        Codes(bundle with { OlderCheckpoints = Replace(bundle.OlderCheckpoints, 3, bundle.OlderCheckpoints[3] with { Checkpoint = older }) })
            .ShouldBe(["signature_invalid olderCheckpoints[3]", "consistency_mismatch olderCheckpoints[3]"]);
    }

    [Fact]
    public async Task an_older_checkpoint_of_another_history_another_log_or_a_larger_tree_is_named()
    {
        var bundle = await _log.BundleAsync(150, [3], 100);

        // The same key signed a tree of 100 other events: a split view, which no consistency path can join.
        using var fork = new ProofLog(100, seed: 1);
        var forked = _log.Signer.Sign(new Checkpoint(ProofLog.Origin, 100, fork.Tree.Root()));
        Codes(bundle with { OlderCheckpoints = [bundle.OlderCheckpoints[0] with { Checkpoint = forked }] }).ShouldBe(["consistency_mismatch olderCheckpoints[0]"]);

        using var elsewhere = new ProofLog(100, origin: "another.example/log");
        Codes(bundle with { OlderCheckpoints = [bundle.OlderCheckpoints[0] with { Checkpoint = await elsewhere.SignedAsync(100) }] })
            .ShouldBe(["signature_missing olderCheckpoints[0]", "origin_mismatch olderCheckpoints[0]"]);

        Codes(bundle with { OlderCheckpoints = [new OlderCheckpoint(await _log.SignedAsync(180), [])] }).ShouldBe(["consistency_size olderCheckpoints[0]"]);
        Codes(bundle with { OlderCheckpoints = [bundle.OlderCheckpoints[0] with { ConsistencyPath = bundle.OlderCheckpoints[0].ConsistencyPath.Skip(1).ToArray() }] })
            .ShouldBe(["consistency_path_length olderCheckpoints[0]"]);
    }

    [Theory]
    [MemberData(nameof(MalformedCases))]
    public async Task a_bundle_not_of_its_form_is_named_by_the_member_at_fault(string name, string subject)
    {
        var json = Malformed(name, (await Bundle()).ToJson());
        var result = ProofVerifier.Verify(json, _log.Signer.VerifierKey);
        result.Failures.Select(f => $"{f.Check} {f.Subject}").ShouldBe([$"bundle_malformed {subject}"], name);
        result.Failures[0].Message.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task a_checkpoint_that_is_not_a_signed_checkpoint_is_named_and_nothing_under_it_is_checked()
    {
        var bundle = await Bundle();
        var text = SignedNote.Parse(bundle.Checkpoint, out _)!.Text;
        Codes(bundle with { Checkpoint = text }).ShouldBe(["checkpoint_malformed checkpoint"]);
        Codes(bundle with { Checkpoint = "hello\n\n" + bundle.Checkpoint[text.Length..] }).ShouldBe(["checkpoint_malformed checkpoint"]);
        Codes(bundle with { OlderCheckpoints = Replace(bundle.OlderCheckpoints, 2, bundle.OlderCheckpoints[2] with { Checkpoint = "x" }) })
            .ShouldBe(["checkpoint_malformed olderCheckpoints[2]"]);
    }

    [Fact]
    public async Task members_the_bundle_does_not_define_are_ignored_so_an_answer_can_carry_its_decision()
    {
        var node = JsonNode.Parse((await Bundle()).ToJson())!.AsObject();
        node["decision"] = new JsonObject { ["allowed"] = false, ["reasons"] = new JsonArray("legal_ban") };
        ProofVerifier.Verify(node.ToJsonString(), _log.Signer.VerifierKey).Failures.ShouldBeEmpty();
    }

    public static TheoryData<string, string> MalformedCases() => new()
    {
        { "not JSON", "bundle" },
        { "not an object", "bundle" },
        { "a member name that is not UTF-8", "bundle" },
        { "a duplicate member", "bundle" },
        { "a duplicate member deep inside", "bundle" },
        { "no format", "format" },
        { "another format", "format" },
        { "no checkpoint", "checkpoint" },
        { "a checkpoint that is a number", "checkpoint" },
        { "events that are an object", "events" },
        { "an event that is a string", "events[2]" },
        { "a negative leaf index", "events[1].leafIndex" },
        { "a fractional leaf index", "events[1].leafIndex" },
        { "a leaf index in quotes", "events[1].leafIndex" },
        { "a leaf index of true", "events[1].leafIndex" },
        { "a leaf index past 2^63-1", "events[1].leafIndex" },
        { "canonical bytes with a space", "events[0].canonical" },
        { "a path hash of 31 bytes", "events[3].inclusionPath[1]" },
        { "a path hash that is half a surrogate pair", "events[3].inclusionPath[0]" },
        { "older checkpoints that are null", "olderCheckpoints" },
        { "an older checkpoint without its path", "olderCheckpoints[1].consistencyPath" },
    };

    /// <summary>The bundle's JSON changed as a malformed case says.</summary>
    internal static byte[] Malformed(string name, byte[] valid)
    {
        var text = Encoding.UTF8.GetString(valid);
        var node = JsonNode.Parse(valid)!.AsObject();
        var events = node["events"]!.AsArray();
        switch (name)
        {
            case "not JSON": return Encoding.UTF8.GetBytes(text[..^3]);
            case "not an object": return Encoding.UTF8.GetBytes($"[{text}]");
            case "a member name that is not UTF-8": return [.. valid[..valid.AsSpan().IndexOf("format"u8)], 0xff, .. valid[valid.AsSpan().IndexOf("format"u8)..]];
            case "a duplicate member": return Encoding.UTF8.GetBytes(text.Replace("\"format\": ", "\"checkpoint\": \"x\", \"format\": ", StringComparison.Ordinal));
            case "a duplicate member deep inside": return Encoding.UTF8.GetBytes(text.Replace("\"leafIndex\": 7", "\"leafIndex\": 7, \"leafIndex\": 8", StringComparison.Ordinal));
            case "no format": node.Remove("format"); break;
            case "another format": node["format"] = "accessledger-proof-bundle/2"; break;
            case "no checkpoint": node.Remove("checkpoint"); break;
            case "a checkpoint that is a number": node["checkpoint"] = 7; break;
            case "events that are an object": node["events"] = new JsonObject(); break;
            case "an event that is a string": events[2] = "event"; break;
            case "a negative leaf index": events[1]!["leafIndex"] = -1; break;
            case "a fractional leaf index": return Encoding.UTF8.GetBytes(text.Replace("\"leafIndex\": 7", "\"leafIndex\": 7.5", StringComparison.Ordinal));
            case "a leaf index in quotes": events[1]!["leafIndex"] = "7"; break;
            case "a leaf index of true": events[1]!["leafIndex"] = true; break;
            case "a leaf index past 2^63-1": return Encoding.UTF8.GetBytes(text.Replace("\"leafIndex\": 7", "\"leafIndex\": 9223372036854775808", StringComparison.Ordinal));
            case "canonical bytes with a space": events[0]!["canonical"] = "eyJh Y3Rvci=="; break;
            case "a path hash of 31 bytes": events[3]!["inclusionPath"]![1] = Convert.ToBase64String(new byte[31]); break;
            case "a path hash that is half a surrogate pair":
                var first = events[3]!["inclusionPath"]![0]!.GetValue<string>();
                return Encoding.UTF8.GetBytes(text.Replace($"\"{first}\"", "\"\\ud800\"", StringComparison.Ordinal));
            case "older checkpoints that are null": node["olderCheckpoints"] = null; break;
            case "an older checkpoint without its path": node["olderCheckpoints"]![1]!.AsObject().Remove("consistencyPath"); break;
            default: throw new ArgumentOutOfRangeException(nameof(name), name, "no such case");
        }

        return Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    public void Dispose() => _log.Dispose();

    private Task<ProofBundle> Bundle() => _log.BundleAsync(200, Cited, Older);

    private string[] Codes(ProofBundle bundle) =>
        ProofVerifier.Verify(bundle, _log.Signer.VerifierKey).Failures.Select(f => $"{f.Check} {f.Subject}").ToArray();

    private static T[] Replace<T>(IReadOnlyList<T> items, int index, T item) => items.Select((x, i) => i == index ? item : x).ToArray();
}

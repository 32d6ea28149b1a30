using System.Buffers.Binary;
using AccessLedger.Chain.Checkpoints;
using Shouldly;

namespace AccessLedger.UnitTests.Chain.Proofs;

/// <summary>
/// Checkpoints in the C2SP tlog-checkpoint form, signed as C2SP signed notes with Ed25519: the exact text, the
/// published vectors (golang.org/x/mod/sumdb/note, RFC 8032), and keys read from a file or the environment.
/// </summary>
public sealed class CheckpointTests
{
    // golang.org/x/mod/sumdb/note's documented example: a signer key, its verifier key, and the note it signs.
    private const string GoSigner = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    private const string GoVerifier = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    private const string GoText = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    private const string GoNote = GoText + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    [Fact]
    public void a_checkpoint_is_its_origin_size_and_base64_root_each_on_a_line_then_its_extensions()
    {
        var root = RfcVectors.Roots[7];
        new Checkpoint("example.com/ledger", 8, root).Text.ShouldBe($"example.com/ledger\n8\n{Convert.ToBase64String(root)}\n");
        new Checkpoint("example.com/ledger", 0, RfcVectors.EmptyTreeRoot, ["a: b", "c"]).Text
            .ShouldBe("example.com/ledger\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\na: b\nc\n");
    }

    [Theory]
    [InlineData("o\n8\nbb\n", "a root that is not 32 bytes")]
    [InlineData("o\n08\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n", "a leading zero")]
    [InlineData("o\n-1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n", "a sign")]
    [InlineData("o\n+1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n", "a plus")]
    [InlineData("o\n\u0661\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n", "an Arabic-Indic digit")]
    [InlineData("o\n9223372036854775808\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n", "a size past 2^63-1")]
    [InlineData("o\n8\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", "no final newline")]
    [InlineData("o\n8\n", "two lines")]
    [InlineData("\n8\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n", "an empty origin")]
    [InlineData("o\n8\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n\n", "an empty extension line")]
    [InlineData("o\n8\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFV=\n", "base64 with pad bits set")]
    [InlineData("o\n8\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU\n", "base64 without its padding")]
    [InlineData("o\n8\n47DEQpj8HBSa+/TImW+5JCeu QeRkm5NMpJWZG3hSuFU=\n", "base64 with a space")]
    public void text_that_is_not_a_checkpoint_is_refused_with_a_reason(string text, string why)
    {
        Checkpoint.Parse(text, out var problem).ShouldBeNull(why);
        problem.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void a_checkpoint_read_back_is_the_one_written()
    {
        var written = new Checkpoint("ledger.example/prod", 1234567, RfcVectors.Roots[4], ["ext"]);
        var read = Checkpoint.Parse(written.Text, out _)!;
        (read.Origin, read.Size, Convert.ToHexString(read.RootHash.Span), read.Extensions.Single())
            .ShouldBe(("ledger.example/prod", 1234567L, Convert.ToHexString(RfcVectors.Roots[4]), "ext"));
    }

    [Fact]
    public void the_go_reference_signer_key_gives_its_verifier_key_and_signs_its_note_byte_for_byte()
    {
        using var signer = CheckpointSigner.FromKeyText(GoSigner);
        signer.VerifierKey.ToString().ShouldBe(GoVerifier);
        signer.VerifierKey.KeyId.ShouldBe(0xc74f20a3u);
        signer.SignText(GoText).ShouldBe(GoNote);

        var note = SignedNote.Parse(GoNote, out _)!;
        note.Text.ShouldBe(GoText);
        note.Verify(CheckpointVerifierKey.Parse(GoVerifier)).ShouldBe(SignatureOutcome.Valid);
    }

    [Theory]
    // RFC 8032 section 7.1, TEST 1 and TEST 2: seed, public key, message, signature.
    [InlineData("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")]
    [InlineData("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb", "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "r",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00")]
    public void a_key_from_an_rfc_8032_seed_has_its_public_key_and_signs_as_the_rfc_says(string seed, string publicKey, string message, string signature)
    {
        var keyId = CheckpointVerifierKey.KeyIdOf("rfc8032", Convert.FromHexString(publicKey));
        using var signer = CheckpointSigner.FromKeyText($"PRIVATE+KEY+rfc8032+{keyId:x8}+{Convert.ToBase64String([0x01, .. Convert.FromHexString(seed)])}");

        signer.VerifierKey.PublicKey.ToArray().ShouldBe(Convert.FromHexString(publicKey));
        var line = signer.SignText(message)[(message.Length + 1)..];
        var bytes = Convert.FromBase64String(line["\u2014 rfc8032 ".Length..^1]);
        BinaryPrimitives.ReadUInt32BigEndian(bytes).ShouldBe(keyId);
        Convert.ToHexStringLower(bytes[4..]).ShouldBe(signature);
    }

    [Fact]
    public void a_signed_checkpoint_is_its_text_a_blank_line_and_one_signature_line_of_the_key()
    {
        using var signer = NewSigner("ledger.example/prod");
        var checkpoint = new Checkpoint("ledger.example/prod", 8, RfcVectors.Roots[7]);
        var signed = signer.Sign(checkpoint);

        signed.ShouldStartWith(checkpoint.Text + "\n\u2014 ledger.example/prod ");
        signed.ShouldEndWith("\n");
        var note = SignedNote.Parse(signed, out _)!;
        note.Text.ShouldBe(checkpoint.Text);
        note.Signatures.Single().KeyId.ShouldBe(signer.VerifierKey.KeyId);
        note.Signatures.Single().Signature.Length.ShouldBe(64);
        note.Verify(signer.VerifierKey).ShouldBe(SignatureOutcome.Valid);

        using var other = NewSigner("ledger.example/prod");
        note.Verify(other.VerifierKey).ShouldBe(SignatureOutcome.Missing);
        Should.Throw<ArgumentException>(() => signer.Sign(new Checkpoint("another.example/log", 8, RfcVectors.Roots[7])));
    }

    [Fact]
    public void a_note_signed_by_several_keys_verifies_for_each_and_ignores_the_others()
    {
        using var a = NewSigner("a.example/log");
        using var b = NewSigner("b.example/log");
        var text = new Checkpoint("a.example/log", 3, RfcVectors.Roots[2]).Text;
        var both = a.SignText(text) + b.SignText(text)[(text.Length + 1)..];

        var note = SignedNote.Parse(both, out _)!;
        note.Verify(a.VerifierKey).ShouldBe(SignatureOutcome.Valid);
        note.Verify(b.VerifierKey).ShouldBe(SignatureOutcome.Valid);
    }

    [Theory]
    [InlineData("no blank line\n\u2014 k AAAAAAA=\n", "no blank line")]
    [InlineData("text\n\n\u2014 k AAAAAAA=", "no final newline")]
    [InlineData("text\n\n- k AAAAAAA=\n", "a hyphen, not an em dash")]
    [InlineData("text\n\n\u2014 k AAAAAA==\n", "a signature shorter than 5 bytes")]
    [InlineData("text\n\n\u2014 k+x AAAAAAA=\n", "a plus in the key name")]
    [InlineData("text\n\n\u2014 kAAAAAAA=\n", "no space after the name")]
    [InlineData("text\n\n\u2014 k AAAA AAA=\n", "a space in the base64")]
    [InlineData("te\txt\n\n\u2014 k AAAAAAA=\n", "a tab in the text")]
    [InlineData("text\r\n\n\u2014 k AAAAAAA=\n", "a carriage return")]
    public void a_note_not_of_the_signed_note_form_is_refused(string note, string why)
    {
        SignedNote.Parse(note, out var problem).ShouldBeNull(why);
        problem.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void a_note_with_more_than_100_signatures_is_refused()
    {
        var lines = string.Concat(Enumerable.Repeat("\u2014 k AAAAAAA=\n", 101));
        SignedNote.Parse("text\n\n" + lines, out _).ShouldBeNull();
        SignedNote.Parse("text\n\n" + lines[("\u2014 k AAAAAAA=\n".Length)..], out _).ShouldNotBeNull();
    }

    [Theory]
    [InlineData(GoSigner, "this is a signing key")]
    [InlineData("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "does not match")]
    [InlineData("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TX", "does not match")]
    [InlineData("PeterNeumann+c74f20a3+Apc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "<name>+<8 hex digits>")]
    [InlineData("PeterNeumann+0xc74f20+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "<name>+<8 hex digits>")]
    [InlineData("Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "<name>+<8 hex digits>")]
    [InlineData("PeterNeumann+c74f20a3", "<name>+<8 hex digits>")]
    [InlineData("PeterNeumann+c74f20a3+AhpjZHIHFDw4TEHoMMW84SqogX7FZJqqvywxOIs1stdE1g==", "not an Ed25519 key")]
    public void a_verifier_key_that_is_malformed_or_altered_is_refused_with_a_stable_code(string text, string message)
    {
        var error = Should.Throw<CheckpointKeyException>(() => CheckpointVerifierKey.Parse(text));
        error.Code.ShouldBe(CheckpointKeyException.Invalid);
        error.Message.ShouldContain(message);
        error.Message.ShouldNotContain("AYEKFALVFGyNhPJEMzD1QIDr");
    }

    [Theory]
    [InlineData("PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz", "does not match")]
    [InlineData(GoVerifier, "PRIVATE+KEY+")]
    [InlineData("PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXH", "not an Ed25519 key")]
    [InlineData("", "PRIVATE+KEY+")]
    public void a_signing_key_that_is_malformed_or_altered_is_refused_without_printing_it(string text, string message)
    {
        var error = Should.Throw<CheckpointKeyException>(() => CheckpointSigner.FromKeyText(text));
        error.Code.ShouldBe(CheckpointKeyException.Invalid);
        error.Message.ShouldContain(message);
        error.Message.ShouldNotContain("AYEKFALVFGyNhPJEMzD1QIDr");
    }

    [Fact]
    public void a_generated_key_file_is_readable_by_its_owner_only_loads_again_and_is_never_overwritten()
    {
        var folder = Directory.CreateTempSubdirectory("accessledger-keys-");
        try
        {
            var path = Path.Combine(folder.FullName, "checkpoint.key");
            var verifier = CheckpointSigner.GenerateFile(path, "ledger.example/prod");

            if (!OperatingSystem.IsWindows())
            {
                File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.ReadAllText(path).ShouldStartWith("PRIVATE+KEY+ledger.example/prod+");
            using (var signer = CheckpointSigner.FromFile(path))
            {
                signer.VerifierKey.ToString().ShouldBe(verifier.ToString());
                CheckpointVerifierKey.Parse(verifier.ToString()).KeyId.ShouldBe(verifier.KeyId);
            }

            var before = File.ReadAllText(path);
            Should.Throw<CheckpointKeyException>(() => CheckpointSigner.GenerateFile(path, "ledger.example/prod")).Code.ShouldBe(CheckpointKeyException.Exists);
            File.ReadAllText(path).ShouldBe(before);

            Should.Throw<CheckpointKeyException>(() => CheckpointSigner.FromFile(Path.Combine(folder.FullName, "absent.key"))).Code.ShouldBe(CheckpointKeyException.Missing);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void the_signing_key_is_read_from_an_environment_variable()
    {
        var variable = "ACCESSLEDGER_TEST_KEY_" + Guid.NewGuid().ToString("N");
        var generated = CheckpointSigner.Generate("ledger.example/prod");
        Should.Throw<CheckpointKeyException>(() => CheckpointSigner.FromEnvironment(variable)).Code.ShouldBe(CheckpointKeyException.Missing);
        try
        {
            Environment.SetEnvironmentVariable(variable, generated.SigningKey + "\n");
            using var signer = CheckpointSigner.FromEnvironment(variable);
            signer.VerifierKey.ToString().ShouldBe(generated.VerifierKey.ToString());
            generated.ToString().ShouldBe(generated.VerifierKey.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("ledger example")]
    [InlineData("ledger+example")]
    [InlineData("ledger\u00a0example")]
    [InlineData("ledger\u0001example")]
    public void a_key_name_with_a_space_a_plus_or_a_control_character_is_refused(string name)
    {
        Should.Throw<CheckpointKeyException>(() => CheckpointSigner.Generate(name)).Code.ShouldBe(CheckpointKeyException.Invalid);
    }

    internal static CheckpointSigner NewSigner(string name) => CheckpointSigner.FromKeyText(CheckpointSigner.Generate(name).SigningKey);
}

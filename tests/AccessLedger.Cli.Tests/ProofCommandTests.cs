using System.Text.Json.Nodes;
using AccessLedger.Chain.Checkpoints;
using AccessLedger.Cli.Tests.Infrastructure;
using AccessLedger.Tests.Infrastructure;
using AccessLedger.UnitTests.Chain.Proofs;
using Npgsql;
using Shouldly;

namespace AccessLedger.Cli.Tests;

/// <summary>
/// <c>keygen</c>, <c>checkpoint</c>, <c>check --proof</c>, <c>prove</c> and <c>verify-proof</c> (docs/proofs.md): an
/// answer saved today verifies offline with the public key alone, by our verifier and the independent one, and
/// tampering after it was saved is caught by verify, by a proof issued after it, or by consistency with the saved
/// checkpoint.
/// </summary>
public sealed class ProofCommandTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>, IDisposable
{
    private const string Question = "--model mythos-5 --person lena --at 2026-06-12T22:00:00Z";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("proofs-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_folder.FullName, name);

    /// <summary>A ledger of the episode, made and filled through the command line, and a key made by keygen.</summary>
    private async Task<(CliRunner Cli, string Key, string PublicKey)> EpisodeAsync(string? scenario = null)
    {
        var cli = await CliRunner.MigratedAsync(fixture.ConnectionString, "proofs");
        (await cli.RunAsync("import", scenario ?? CliRunner.ScenarioFile)).Exit.ShouldBe(ExitCodes.Ok);
        var key = PathOf($"{cli.Schema}.key");
        var keygen = await cli.RunAsync("keygen", "--name", "ledger.example/test", "-o", key);
        keygen.Exit.ShouldBe(ExitCodes.Ok, keygen.ToString());
        return (cli, key, keygen.Out.Trim());
    }

    private async Task<string> SaveAsync(CliRunner cli, string name, params string[] args)
    {
        var run = await cli.RunAsync(args);
        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        var file = PathOf(name);
        await File.WriteAllTextAsync(file, run.Out);
        return file;
    }

    private static string[] Check(string key) => ["check", .. Question.Split(' '), "--proof", "--json", "--signing-key", key];

    private async Task TamperAsync(string schema, string sql, bool touchesRows = true)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"set session_replication_role = replica; {sql.Replace("{s}", schema, StringComparison.Ordinal)}", connection);
        var rows = await command.ExecuteNonQueryAsync();
        if (touchesRows)
        {
            rows.ShouldBeGreaterThan(0, "the tampering touched no row");
        }
    }

    [Fact]
    public async Task checkpoint_signs_the_head_once_and_shows_it_without_the_key_until_the_head_moves()
    {
        var (cli, key, publicKey) = await EpisodeAsync();

        var signed = await cli.RunAsync("checkpoint", "--signing-key", key);
        var again = await cli.RunAsync("checkpoint");
        var fromVariable = await CliRunner.RunWithEnvironmentAsync(
            new Dictionary<string, string?>(cli.Environment) { [CliContext.CheckpointKeyVariable] = await File.ReadAllTextAsync(key) }, "checkpoint");

        signed.Exit.ShouldBe(ExitCodes.Ok, signed.ToString());
        (again.Out, fromVariable.Out).ShouldBe((signed.Out, signed.Out));
        var bundle = new JsonObject { ["format"] = "accessledger-proof-bundle/1", ["checkpoint"] = signed.Out, ["events"] = new JsonArray() };
        var verified = ProofVerifier.Verify(bundle.ToJsonString(), CheckpointVerifierKey.Parse(publicKey));
        verified.IsValid.ShouldBeTrue(string.Join("\n", verified.Failures));
        (verified.Checkpoint!.Origin, verified.Checkpoint.Size).ShouldBe(("ledger.example/test", 21L));

        (await cli.RunWithInputAsync("""{"type":"person_offboarded","data":{"personId":"sam","validFrom":"2026-07-01T00:00:00Z"}}""", "import", "-")).Exit.ShouldBe(ExitCodes.Ok);
        var unsigned = await cli.RunAsync("checkpoint");
        unsigned.Exit.ShouldBe(ExitCodes.Failure, unsigned.ToString());
        unsigned.Error.ShouldContain(CliContext.CheckpointKeyVariable);
    }

    [Fact]
    public async Task an_answer_with_its_proof_verifies_offline_and_a_flipped_bit_is_named_by_both_verifiers()
    {
        var (cli, key, publicKey) = await EpisodeAsync();
        var saved = await SaveAsync(cli, "answer.json", Check(key));

        var answer = JsonNode.Parse(await File.ReadAllTextAsync(saved))!;
        answer["answer"]!["checkpoint"]!["position"]!.GetValue<long>().ShouldBe(21);
        var cited = answer["events"]!.AsArray();
        var refs = answer["answer"]!["reasons"]!.AsArray().SelectMany(r => r!["events"]!.AsArray()).Concat(answer["answer"]!["basis"]!.AsArray());
        cited.Count.ShouldBe(refs.Select(e => $"{e!["stream"]} v{e["version"]}").Distinct().Count());
        cited.Count.ShouldBeGreaterThan(0);

        // Offline: no database, the public key alone, as a file or as text.
        var offline = await CliRunner.RunWithEnvironmentAsync(new Dictionary<string, string?>(), "verify-proof", saved, "--public-key", publicKey);
        offline.Exit.ShouldBe(ExitCodes.Ok, offline.ToString());
        offline.Out.ShouldStartWith($"valid: checkpoint of ledger.example/test at 21 events");
        (await RunPythonAsync(saved, publicKey)).Exit.ShouldBe(0);

        // One bit of the first cited event's bytes flipped.
        var canonical = Convert.FromBase64String(cited[0]!["canonical"]!.GetValue<string>());
        canonical[10] ^= 1;
        cited[0]!["canonical"] = Convert.ToBase64String(canonical);
        var flipped = PathOf("flipped.json");
        await File.WriteAllTextAsync(flipped, answer.ToJsonString());

        var csharp = await CliRunner.RunWithEnvironmentAsync(new Dictionary<string, string?>(), "verify-proof", flipped, "--public-key", publicKey);
        var python = await RunPythonAsync(flipped, publicKey);
        csharp.Exit.ShouldBe(ExitCodes.Broken, csharp.ToString());
        csharp.Lines.ShouldBe(["invalid: [inclusion_mismatch] events[0]: the event's bytes and inclusion path do not lead to the checkpoint's root: the bytes or the path were altered, or the event is not leaf " + cited[0]!["leafIndex"] + "."]);
        python.Exit.ShouldBe(1, python.Error);
        Codes(python.Output).ShouldBe(Codes(csharp.Out));
    }

    /// <summary>The cases of docs/tamper-evidence.md, done by a superuser after the answer was saved (the first cited event is the one changed).</summary>
    /// <remarks>
    /// A later proof fails where the cited event's bytes changed. Where they did not (a deleted or moved event the
    /// answer no longer cites, a tree node the proof does not use), the later answer's proof is true of what it cites,
    /// and verify names the break.
    /// </remarks>
    [Theory]
    [InlineData("update {s}.mt_events set data = jsonb_set(data, '{validFrom}', '\"2026-05-01T00:00:00Z\"') where id = {cited}", true)]
    [InlineData("update {s}.mt_events set headers = jsonb_set(headers, '{recordedAt}', '\"2026-06-09T11:00:00Z\"') where id = {cited}", true)]
    [InlineData("delete from {s}.mt_events where id = {cited}", false)]
    [InlineData("update {s}.al_chain set position = -6 where position = 6; update {s}.al_chain set position = 6 where position = 7; update {s}.al_chain set position = 7 where position = -6", false)]
    [InlineData("update {s}.al_merkle set hash = sha256(hash) where level = 0 and idx = {leaf}", false)]
    public async Task a_saved_answer_still_verifies_after_tampering_and_verify_or_a_later_proof_catches_it(string sql, bool aLaterProofFails)
    {
        var (cli, key, publicKey) = await EpisodeAsync();
        var saved = await SaveAsync(cli, "answer.json", Check(key));
        var cited = JsonNode.Parse(await File.ReadAllTextAsync(saved))!["events"]![0]!["leafIndex"]!.GetValue<long>() + 1;

        await TamperAsync(cli.Schema, sql
            .Replace("{cited}", $"(select event_id from {{s}}.al_chain where position = {cited})", StringComparison.Ordinal)
            .Replace("{leaf}", $"{cited - 1}", StringComparison.Ordinal));

        (await cli.RunAsync("verify-proof", saved, "--public-key", publicKey)).Exit.ShouldBe(ExitCodes.Ok);
        var verify = await cli.RunAsync("verify");
        verify.Exit.ShouldBe(ExitCodes.Broken, verify.ToString());
        var later = await cli.RunAsync(Check(key));
        if (aLaterProofFails)
        {
            later.Exit.ShouldBe(ExitCodes.Ok, later.ToString());
            await File.WriteAllTextAsync(PathOf("later.json"), later.Out);
            var laterCheck = await cli.RunAsync("verify-proof", PathOf("later.json"), "--public-key", publicKey);
            laterCheck.Exit.ShouldBe(ExitCodes.Broken, laterCheck.ToString());
            laterCheck.Out.ShouldContain("[inclusion_mismatch]");
        }
    }

    [Fact]
    public async Task a_history_rewritten_whole_verifies_by_itself_but_not_from_the_checkpoint_saved_before()
    {
        var (cli, key, publicKey) = await EpisodeAsync();
        var saved = await SaveAsync(cli, "answer.json", Check(key));

        // Someone with the database and the running service (which signs) replaces the ledger by one whose history
        // differs in one event: lena enrolled with another citizenship. The chain, the tree and the checkpoints all hold.
        var rewritten = PathOf("rewritten.ndjson");
        await File.WriteAllTextAsync(rewritten, (await File.ReadAllTextAsync(CliRunner.ScenarioFile)).Replace("\"personId\":\"lena\",\"orgId\":\"gridco\",\"citizenships\":[\"DE\"]", "\"personId\":\"lena\",\"orgId\":\"gridco\",\"citizenships\":[\"FR\"]", StringComparison.Ordinal));
        var (forged, _, _) = await EpisodeAsync(rewritten);
        await TamperAsync(cli.Schema, $"drop schema {{s}} cascade; alter schema {forged.Schema} rename to {{s}}", touchesRows: false);

        (await cli.RunAsync("verify")).Exit.ShouldBe(ExitCodes.Ok);
        var since = await SaveAsync(cli, "since.json", "prove", "--from-size", "21", "--signing-key", key);
        (await cli.RunAsync("verify-proof", since, "--public-key", publicKey)).Exit.ShouldBe(ExitCodes.Ok);

        var fromSaved = await cli.RunAsync("verify-proof", since, "--public-key", publicKey, "--older", saved);
        fromSaved.Exit.ShouldBe(ExitCodes.Broken, fromSaved.ToString());
        fromSaved.Out.ShouldContain("[consistency_mismatch] olderCheckpoints[0]");
    }

    [Fact]
    public async Task prove_leads_from_a_saved_checkpoint_to_the_head_after_more_events()
    {
        var (cli, key, publicKey) = await EpisodeAsync();
        var saved = await SaveAsync(cli, "answer.json", Check(key));
        (await cli.RunWithInputAsync("""{"type":"person_offboarded","data":{"personId":"sam","validFrom":"2026-07-01T00:00:00Z"}}""", "import", "-")).Exit.ShouldBe(ExitCodes.Ok);

        var since = await SaveAsync(cli, "since.json", "prove", "--from-size", "21", "--signing-key", key);

        var run = await cli.RunAsync("verify-proof", since, "--public-key", publicKey, "--older", saved);
        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Out.ShouldContain("at 22 events");
        (await RunPythonAsync(since, publicKey)).Exit.ShouldBe(0);
        var missing = await cli.RunAsync("verify-proof", saved, "--public-key", publicKey, "--older", since);
        missing.Out.ShouldContain("[older_not_proven]");
        (await cli.RunAsync("prove", "--from-size", "23", "--signing-key", key)).Exit.ShouldBe(ExitCodes.BadInput);
    }

    [Fact]
    public async Task export_writes_the_leaves_known_at_k_whose_root_the_checkpoint_signs_and_the_proof_to_the_head()
    {
        var (cli, key, publicKey) = await EpisodeAsync();
        var folder = PathOf("audit");

        // The episode's events recorded by 2026-06-12T23:00Z: the ban (recorded the next day) and what follows are not among them.
        var run = await cli.RunAsync("export", "--known-at", "2026-06-12T23:00:00Z", "-o", folder, "--signing-key", key);

        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        var leaves = (await File.ReadAllTextAsync(Path.Combine(folder, "events.ndjson"))).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        leaves.Length.ShouldBeInRange(1, 20);
        JsonNode.Parse(leaves[0])!["stream"]!.GetValue<string>().ShouldBe("model-fable-5");
        var checkpoint = await File.ReadAllTextAsync(Path.Combine(folder, "checkpoint.txt"));
        checkpoint.Split('\n')[1].ShouldBe($"{leaves.Length}");
        checkpoint.Split('\n')[2].ShouldBe(Convert.ToBase64String(Root([.. leaves.Select(l => System.Text.Encoding.UTF8.GetBytes(l))])));
        var consistent = await cli.RunAsync("verify-proof", Path.Combine(folder, "consistency.json"), "--public-key", publicKey, "--older", Path.Combine(folder, "checkpoint.txt"));
        consistent.Exit.ShouldBe(ExitCodes.Ok, consistent.ToString());
        consistent.Out.ShouldContain("at 21 events");
    }

    /// <summary>RFC 9162's MTH, written out here from section 2.1.1 for the test.</summary>
    private static byte[] Root(byte[][] leaves) => leaves.Length switch
    {
        0 => System.Security.Cryptography.SHA256.HashData([]),
        1 => System.Security.Cryptography.SHA256.HashData([0, .. leaves[0]]),
        var n => System.Security.Cryptography.SHA256.HashData([1, .. Root(leaves[..Split(n)]), .. Root(leaves[Split(n)..])]),
    };

    private static int Split(int n) => 1 << (int)Math.Log2(n - 1);

    private static string[] Codes(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(']')[0])];

    private static Task<(int Exit, string Output, string Error)> RunPythonAsync(string file, string publicKey) =>
        PythonVerifier.RunAsync(PythonVerifier.Script, file, "--public-key", publicKey);
}

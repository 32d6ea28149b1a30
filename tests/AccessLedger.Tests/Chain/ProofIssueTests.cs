using AccessLedger.Chain.Checkpoints;
using AccessLedger.Decisions;
using AccessLedger.Tests.Infrastructure;
using AccessLedger.UnitTests.Chain.Proofs;
using AccessLedger.Wire;
using Npgsql;
using Shouldly;

namespace AccessLedger.Tests.Chain;

/// <summary>
/// The ledger signs checkpoints with the key it is given and keeps them; every answer of the episode, asked with its
/// proof, verifies offline with the public key alone. What a proof reads once is served from the ledger's cache
/// afterwards: proofs at every size still verify, and are those a ledger with nothing cached gives.
/// </summary>
public sealed class ProofIssueTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    /// <summary>A ledger holding the episode, with a new signing key (the caller disposes it).</summary>
    private async Task<(Ledger Ledger, CheckpointSigner Signer)> SignedEpisodeAsync()
    {
        var ledger = await fixture.NewLedgerAsync();
        await ledger.RecordBatchAsync(Infrastructure.Scenario.Commands());
        ledger.CheckpointSigner = CheckpointSigner.FromKeyText(CheckpointSigner.Generate("ledger.example/episode").SigningKey);
        return (ledger, ledger.CheckpointSigner);
    }

    [Fact]
    public async Task every_answer_of_the_episode_carries_a_proof_that_verifies_offline()
    {
        var (ledger, signer) = await SignedEpisodeAsync();
        using var key = signer;

        foreach (var q in Infrastructure.Scenario.Questions())
        {
            var decision = await ledger.DecideWithProofAsync(q.Model, Subject.Person(q.Person), q.At, q.KnownAt);

            var verified = ProofVerifier.Verify(decision.Proof!, signer.VerifierKey);
            verified.IsValid.ShouldBeTrue($"question {q.Q}: {string.Join("; ", verified.Failures)}");
            verified.Checkpoint!.Size.ShouldBe(decision.Checkpoint!.Position);
            verified.Events.ShouldBe(decision.Reasons.SelectMany(r => r.Events).Concat(decision.Basis).Select(e => e.Position).Distinct().Count(), $"question {q.Q}");
            DecisionJson.Serialize(decision).ShouldBe(DecisionJson.Serialize(await ledger.DecideAsync(q.Model, Subject.Person(q.Person), q.At, q.KnownAt)));
        }
    }

    [Fact]
    public async Task a_checkpoint_is_kept_as_issued_and_never_rewritten_and_without_a_key_only_kept_ones_are_given()
    {
        var ledger = await fixture.NewLedgerAsync();
        await ledger.RecordBatchAsync(Infrastructure.Scenario.Commands());

        (await Should.ThrowAsync<CheckpointKeyException>(() => ledger.GetSignedCheckpointAsync())).Code.ShouldBe(CheckpointKeyException.Missing);
        using var signer = CheckpointSigner.FromKeyText(CheckpointSigner.Generate("ledger.example/episode").SigningKey);
        ledger.CheckpointSigner = signer;
        var issued = await ledger.GetSignedCheckpointAsync();
        ledger.CheckpointSigner = null;
        (await ledger.GetSignedCheckpointAsync()).ShouldBe(issued);

        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var rewrite = new NpgsqlCommand($"update {ledger.Schema}.al_checkpoint set size = 20", connection);
        (await Should.ThrowAsync<PostgresException>(() => rewrite.ExecuteNonQueryAsync())).SqlState.ShouldBe("AL001");
    }

    private static readonly DateTimeOffset June = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static LedgerCommand Enrol(string person) =>
        new(new AccessLedger.Events.PersonEnrolled(person, "gridco", ["DE"], AccessLedger.Events.UsPersonStatus.None, "US", June));

    private static async Task VerifiesOfflineAsync(string bundle, CheckpointSigner signer, long size)
    {
        var verified = ProofVerifier.Verify(bundle, signer.VerifierKey);
        verified.IsValid.ShouldBeTrue(string.Join("; ", verified.Failures));
        verified.Checkpoint!.Size.ShouldBe(size);
        var file = Path.Combine(Path.GetTempPath(), $"proof-{Guid.NewGuid():n}.json");
        await File.WriteAllTextAsync(file, bundle);
        try
        {
            var (exit, output, error) = await PythonVerifier.RunAsync(PythonVerifier.Script, file, "--public-key", signer.VerifierKey.ToString());
            exit.ShouldBe(0, output + error);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task proofs_at_each_size_as_the_ledger_grows_verify_offline_and_equal_those_of_a_ledger_with_nothing_cached()
    {
        var (ledger, signer) = await SignedEpisodeAsync();
        using var key = signer;
        var q = Infrastructure.Scenario.Questions()[0];
        var proofs = new List<(long Size, string Proof)>();

        // Sizes whose trees differ in shape (odd, power of two, one past it): a subtree over [k, size) of one size is
        // not the node of the next, so a cache keyed by anything but a complete subtree gives a path that fails.
        for (var i = 0; i < 5; i++)
        {
            var decision = await ledger.DecideWithProofAsync(q.Model, Subject.Person(q.Person), q.At, q.KnownAt);
            (await ledger.DecideWithProofAsync(q.Model, Subject.Person(q.Person), q.At, q.KnownAt)).Proof.ShouldBe(decision.Proof, "asked again at the same head, from the cache");
            proofs.Add((decision.Checkpoint!.Position, decision.Proof!));
            await ledger.RecordAsync(Enrol($"grower-{i}"));
        }

        proofs.Select(p => p.Size).Distinct().Count().ShouldBe(5);
        foreach (var (size, proof) in proofs)
        {
            await VerifiesOfflineAsync(proof, signer, size);
        }

        // The last size once more, from a ledger over the same store with nothing cached: the same bundle, byte for byte.
        var last = await ledger.DecideWithProofAsync(q.Model, Subject.Person(q.Person), q.At, q.KnownAt);
        var fresh = new Ledger(ledger.Store) { CheckpointSigner = signer };
        (await fresh.DecideWithProofAsync(q.Model, Subject.Person(q.Person), q.At, q.KnownAt)).Proof.ShouldBe(last.Proof);
        (await fresh.GetSignedCheckpointAsync()).ShouldBe(await ledger.GetSignedCheckpointAsync());
        (await fresh.ProveConsistencyAsync(proofs[0].Size)).ShouldBe(await ledger.ProveConsistencyAsync(proofs[0].Size));
    }

    [Fact]
    public async Task callers_proving_at_a_new_head_at_once_all_get_its_one_checkpoint_and_each_proof_verifies()
    {
        var (ledger, signer) = await SignedEpisodeAsync();
        using var key = signer;
        var questions = Infrastructure.Scenario.Questions();

        var decisions = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() =>
        {
            var q = questions[i % questions.Count];
            return ledger.DecideWithProofAsync(q.Model, Subject.Person(q.Person), q.At, q.KnownAt);
        })));

        decisions.Select(d => ProofVerifier.Verify(d.Proof!, signer.VerifierKey)).ShouldAllBe(v => v.IsValid);
        decisions.Select(d => System.Text.Json.Nodes.JsonNode.Parse(d.Proof!)!["checkpoint"]!.GetValue<string>()).Distinct().Count().ShouldBe(1);
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand($"select count(*) from {ledger.Schema}.al_checkpoint", connection);
        (await count.ExecuteScalarAsync()).ShouldBe(1L);
    }

    [Fact]
    public async Task an_event_changed_after_its_proof_was_cached_is_named_by_verify_and_fails_a_proof_from_the_database()
    {
        var (ledger, signer) = await SignedEpisodeAsync();
        using var key = signer;
        var q = Infrastructure.Scenario.Questions().First(x => x.Reasons.Count > 0);
        var cached = await ledger.DecideWithProofAsync(q.Model, Subject.Person(q.Person), q.At, q.KnownAt);
        var cited = cached.Reasons.SelectMany(r => r.Events).First().Position;

        await using (var connection = new NpgsqlConnection(fixture.ConnectionString))
        {
            await connection.OpenAsync();
            await using var tamper = new NpgsqlCommand(
                $"set session_replication_role = replica; update {ledger.Schema}.mt_events e set data = jsonb_set(data, '{{tampered}}', 'true') from {ledger.Schema}.al_chain c where c.event_id = e.id and c.position = {cited}",
                connection);
            (await tamper.ExecuteNonQueryAsync()).ShouldBe(1);
        }

        // The ledger that read it before serves what it held then (its bundles still verify); the database's bytes no longer do.
        ProofVerifier.Verify((await ledger.DecideWithProofAsync(q.Model, Subject.Person(q.Person), q.At, q.KnownAt)).Proof!, signer.VerifierKey).IsValid.ShouldBeTrue();
        (await ledger.VerifyAsync()).FirstBrokenPosition.ShouldBe(cited);
        var fresh = new Ledger(ledger.Store) { CheckpointSigner = signer };
        var failed = ProofVerifier.Verify((await fresh.DecideWithProofAsync(q.Model, Subject.Person(q.Person), q.At, q.KnownAt)).Proof!, signer.VerifierKey);
        failed.Failures.Select(f => f.Check).ShouldContain("inclusion_mismatch");
    }
}

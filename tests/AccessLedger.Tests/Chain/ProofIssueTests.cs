using AccessLedger.Chain.Checkpoints;
using AccessLedger.Decisions;
using AccessLedger.Tests.Infrastructure;
using Npgsql;
using Shouldly;

namespace AccessLedger.Tests.Chain;

/// <summary>
/// The ledger signs checkpoints with the key it is given and keeps them; every answer of the episode, asked with its
/// proof, verifies offline with the public key alone.
/// </summary>
public sealed class ProofIssueTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    [Fact]
    public async Task every_answer_of_the_episode_carries_a_proof_that_verifies_offline()
    {
        var ledger = await fixture.NewLedgerAsync();
        await ledger.RecordBatchAsync(Infrastructure.Scenario.Commands());
        using var signer = CheckpointSigner.FromKeyText(CheckpointSigner.Generate("ledger.example/episode").SigningKey);
        ledger.CheckpointSigner = signer;

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
}

using System.CommandLine;

namespace AccessLedger.Cli.Commands;

/// <summary>
/// <c>accessledger checkpoint</c>: prints the signed checkpoint of the ledger's head (docs/proofs.md), issuing and
/// keeping one when the head has none by this key yet.
/// </summary>
internal static class CheckpointCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command(
            "checkpoint",
            "Prints the signed checkpoint of the ledger's head: a C2SP signed note naming the number of events and the root of their Merkle tree, signed with Ed25519. " +
            $"Issues and keeps one when the head has none by this key yet (needs --signing-key or ${CliContext.CheckpointKeyVariable}); without a key, prints the one issued before. " +
            "Save it outside the database: a later `prove --from-size N` shows the ledger only grew since.")
        {
            context.SigningKey,
        };
        command.WithExamples(
            "accessledger checkpoint --signing-key ledger.key > checkpoint-$(date +%F).txt",
            "ACCESSLEDGER_CHECKPOINT_KEY=\"$(cat ledger.key)\" accessledger checkpoint");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var signed = await context.WithSigningLedgerAsync(parse, ledger => ledger.GetSignedCheckpointAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
            await context.Out.WriteAsync(signed).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}

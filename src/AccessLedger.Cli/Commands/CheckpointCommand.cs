using System.CommandLine;
using AccessLedger.Chain.Checkpoints;

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
            using var signer = context.Signer(parse);
            var ledger = await context.OpenLedgerAsync(parse, cancellationToken).ConfigureAwait(false);
            await using (ledger.ConfigureAwait(false))
            {
                ledger.CheckpointSigner = signer;
                await context.Out.WriteAsync(await SigningAsync(() => ledger.GetSignedCheckpointAsync(cancellationToken)).ConfigureAwait(false)).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
        });
        return command;
    }

    /// <summary>Runs what may need to sign a checkpoint; a missing key is the command line's error, not a crash.</summary>
    public static async Task<T> SigningAsync<T>(Func<Task<T>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (CheckpointKeyException e)
        {
            throw new CliException(ExitCodes.Failure, $"{e.Message} [{e.Code}]");
        }
    }
}

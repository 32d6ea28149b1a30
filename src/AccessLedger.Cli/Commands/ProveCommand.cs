using System.CommandLine;

namespace AccessLedger.Cli.Commands;

/// <summary>
/// <c>accessledger prove --from-size N</c>: the proof that the ledger only grew since it held N events, as a proof
/// bundle (docs/proofs.md) with the head's checkpoint and the consistency path from the checkpoint of size N.
/// </summary>
internal static class ProveCommand
{
    public static Command Create(CliContext context)
    {
        var fromSize = new Option<long>("--from-size")
        {
            Description = "The size (number of events) of a checkpoint saved earlier: the proof leads from it to the head's checkpoint.",
            HelpName = "N",
            Required = true,
        };
        var command = new Command(
            "prove",
            "Prints the consistency proof from the checkpoint of N events to the head's checkpoint, as a proof bundle (JSON, docs/proofs.md): the ledger only grew since then, no event was changed or removed. " +
            "Check it with `accessledger verify-proof FILE --public-key KEY --older SAVED`, SAVED being the checkpoint or answer you kept. Signs checkpoints it lacks (--signing-key).")
        {
            fromSize, context.SigningKey,
        };
        command.WithExamples(
            "accessledger prove --from-size 21 --signing-key ledger.key > since-21.json",
            "accessledger verify-proof since-21.json --public-key ledger.pub --older answer.json");
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var bundle = await context.WithSigningLedgerAsync(parse, ledger => ledger.ProveConsistencyAsync(parse.GetValue(fromSize), cancellationToken), cancellationToken).ConfigureAwait(false);
                await context.Out.WriteLineAsync(bundle).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new CliException(ExitCodes.BadInput, $"--from-size {parse.GetValue(fromSize)}: {e.Message.Split(" (Parameter", 2)[0]}");
            }
        });
        return command;
    }
}

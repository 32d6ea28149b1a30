using System.CommandLine;
using AccessLedger.Chain.Checkpoints;

namespace AccessLedger.Cli.Commands;

/// <summary><c>accessledger keygen</c>: makes a checkpoint signing key in a new file and prints its verifier key.</summary>
internal static class KeygenCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Option<string>("--name")
        {
            Description = "The key's name, which is the origin line of every checkpoint it signs, e.g. ledger.example.com/prod. No space or plus sign.",
            HelpName = "NAME",
            Required = true,
        };
        var output = new Option<string>("--output", "-o") { Description = "The new key file (made readable by its owner only; never overwritten).", HelpName = "FILE", Required = true };
        var command = new Command(
            "keygen",
            "Makes an Ed25519 key for signing checkpoints, writes it to a new file only its owner may read, and prints the verifier key to give auditors (docs/proofs.md, \"Keys\"). " +
            "Needs no database.")
        {
            name, output,
        };
        command.WithExamples("accessledger keygen --name ledger.example.com/prod -o ledger.key > ledger.pub");
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var key = CheckpointSigner.GenerateFile(parse.GetRequiredValue(output), parse.GetRequiredValue(name));
                await context.Out.WriteLineAsync(key.ToString()).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            catch (CheckpointKeyException e)
            {
                throw new CliException(e.Code == CheckpointKeyException.Exists ? ExitCodes.Failure : ExitCodes.BadInput, $"{e.Message} [{e.Code}]");
            }
        });
        return command;
    }
}

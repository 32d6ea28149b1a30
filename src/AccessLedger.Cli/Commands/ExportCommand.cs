using System.CommandLine;

namespace AccessLedger.Cli.Commands;

/// <summary>
/// <c>accessledger export --known-at K -o DIR</c>: the events recorded by K as leaves, their signed checkpoint and the
/// consistency proof to the head, for an auditor to carry away (docs/proofs.md, "Export").
/// </summary>
internal static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var knownAt = InstantOption.Create("--known-at", "Knowledge time K: export the events recorded by then.", required: true);
        var output = new Option<string>("--output", "-o") { Description = "The folder to write events.ndjson, checkpoint.txt and consistency.json to (made if missing; those files are replaced).", HelpName = "DIR", Required = true };
        var command = new Command(
            "export",
            "Writes what an auditor carries away of the ledger as known at K: events.ndjson (each event's canonical bytes, one a line in ledger order: the leaves of the Merkle tree), " +
            "checkpoint.txt (the signed checkpoint of those events) and consistency.json (the proof bundle from that checkpoint to the head's). Signs checkpoints it lacks (--signing-key).")
        {
            knownAt, output, context.SigningKey,
        };
        command.WithExamples(
            "accessledger export --known-at 2026-06-13T00:00:00Z -o audit-2026-06-13 --signing-key ledger.key",
            "accessledger verify-proof audit-2026-06-13/consistency.json --public-key ledger.pub --older audit-2026-06-13/checkpoint.txt");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (folder, k) = (parse.GetRequiredValue(output), parse.GetValue(knownAt)!.Value);
            var events = await context.WithSigningLedgerAsync(parse, ledger => ledger.ExportAsync(k, folder, cancellationToken), cancellationToken).ConfigureAwait(false);
            await context.Out.WriteLineAsync($"exported {events} events recorded by {Wire.LedgerJson.Format(k)} to {folder}: events.ndjson, checkpoint.txt, consistency.json").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}

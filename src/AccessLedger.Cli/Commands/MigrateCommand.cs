using System.CommandLine;
using AccessLedger.Cli.Output;

namespace AccessLedger.Cli.Commands;

/// <summary>
/// <c>accessledger migrate</c>: creates the ledger's schema, or brings it up to this version. The one command that
/// runs DDL (<see cref="Ledger.EnsureSchemaAsync"/>); every other command leaves the database's schema alone.
/// </summary>
internal static class MigrateCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command(
            "migrate",
            "Creates the ledger's tables, functions and append-only guard in the schema, or brings them up to this version of the tool; a schema already up to date is left as it is. " +
            "The one command that changes the database's schema: run it once before the first import and after each upgrade, as a role that may create objects in the schema. " +
            "Safe to run from several places at once.");
        var formats = Formats.AddTo(command, "{schema, created, checkpoint{position, hash}}");
        command.WithExamples(
            "accessledger migrate",
            "accessledger migrate --schema accessledger_staging --json");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (ledger, existed) = await context.OpenForMigrationAsync(parse, cancellationToken).ConfigureAwait(false);
            await using (ledger.ConfigureAwait(false))
            {
                await ledger.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
                var head = await ledger.GetHeadAsync(cancellationToken).ConfigureAwait(false);
                await context.Out.WriteAsync(formats.Of(parse) == OutputFormat.Json
                    ? Formats.Json(new { schema = ledger.Schema, created = !existed, checkpoint = head })
                    : $"ledger {ledger.Schema}: {(existed ? "schema up to date" : "schema created")}; head at position {head.Position}, chain hash {head.Hash}\n").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}

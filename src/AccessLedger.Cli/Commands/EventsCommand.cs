using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using AccessLedger.Chain;
using AccessLedger.Cli.Output;
using AccessLedger.Wire;
using AccessLedger.Writes;

namespace AccessLedger.Cli.Commands;

/// <summary><c>accessledger events</c>: what the ledger had recorded by K, oldest first, as a table or as re-importable NDJSON.</summary>
internal static class EventsCommand
{
    private static readonly JsonSerializerOptions LineOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(CliContext context)
    {
        var knownAt = InstantOption.Create("--known-at", "Knowledge time K: only events recorded by then. Default: all.");
        var stream = new Option<string>("--stream") { Description = "Only the events of this stream, e.g. directive-d1 or person-lena.", HelpName = "S" };
        var json = new Option<bool>("--json") { Description = "Print NDJSON in the wire format (type, recordedAt, commandId, actor, data), which import reads back." };
        var command = new Command("events", "Lists the events the ledger had recorded by K, oldest first, with both clocks: when each was recorded and from when it holds.")
        {
            knownAt, stream, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var ledger = await context.OpenLedgerAsync(parse, create: false, cancellationToken).ConfigureAwait(false);
            var events = ledger.ReadEventsAsync(parse.GetValue(knownAt), parse.GetValue(stream), cancellationToken: cancellationToken);
            if (parse.GetValue(json))
            {
                await foreach (var e in events.ConfigureAwait(false))
                {
                    await context.Out.WriteLineAsync(WireLine(e)).ConfigureAwait(false);
                }
            }
            else
            {
                List<IReadOnlyList<string>> rows = [["#", "recorded at", "valid from", "stream", "v", "type", "what"]];
                await foreach (var e in events.ConfigureAwait(false))
                {
                    rows.Add([Number(e.Position), LedgerJson.Format(e.RecordedAt), LedgerJson.Format(e.ValidFrom), e.Stream, Number(e.Version), e.Type, EventText.Describe(e.Data)]);
                }

                await context.Out.WriteAsync(rows.Count == 1 ? "no events recorded by then.\n" : TextTable.Format(rows)).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>One line of LEDGER.md section 3, stating recordedAt and commandId, so an import reproduces the ledger.</summary>
    private static string WireLine(RecordedEvent e)
    {
        var line = new JsonObject
        {
            ["type"] = e.Type,
            ["recordedAt"] = LedgerJson.Format(e.RecordedAt),
            ["commandId"] = e.CommandId,
        };
        if (e.Actor is not null)
        {
            line["actor"] = e.Actor;
        }

        line["data"] = ChainHasher.DataOf(e.Data);
        return line.ToJsonString(LineOptions);
    }

    private static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);
}

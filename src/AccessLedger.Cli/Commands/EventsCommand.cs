using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AccessLedger.Cli.Output;
using AccessLedger.Decisions;
using AccessLedger.Wire;
using AccessLedger.Writes;

namespace AccessLedger.Cli.Commands;

/// <summary><c>accessledger events</c>: what the ledger had recorded by K, oldest first, as a table, one JSON object, or re-importable NDJSON.</summary>
internal static class EventsCommand
{
    public static Command Create(CliContext context)
    {
        var knownAt = InstantOption.Create("--known-at", "Knowledge time K: only events recorded by then. Default: all.");
        var stream = new Option<string>("--stream") { Description = "Only the events of this stream, e.g. directive-d1 or person-lena.", HelpName = "S" };
        var command = new Command("events", "Lists the events the ledger had recorded by K, oldest first, with both clocks: when each was recorded and from when it holds.")
        {
            knownAt, stream,
        };
        var formats = Formats.AddToEvents(command);
        command.WithExamples(
            "accessledger events --stream directive-d1",
            "accessledger events --known-at 2026-06-12T22:00:00Z --json-lines > as-known-then.ndjson   # import reads it back",
            "accessledger events --stream person-kenji --format json");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var ledger = await context.OpenLedgerAsync(parse, cancellationToken).ConfigureAwait(false);
            await using (ledger.ConfigureAwait(false))
            {
                var format = formats.Of(parse);

                // The head first: the events up to it are the answer, whatever is recorded meanwhile.
                var head = format == OutputFormat.Json ? await ledger.GetHeadAsync(cancellationToken).ConfigureAwait(false) : null;
                var events = ledger.ReadEventsAsync(parse.GetValue(knownAt), parse.GetValue(stream), cancellationToken: cancellationToken);
                switch (format)
                {
                    case OutputFormat.Ndjson:
                        await foreach (var e in events.ConfigureAwait(false))
                        {
                            await context.Out.WriteLineAsync(WireLine(e).ToJsonString(DecisionJson.Options)).ConfigureAwait(false);
                        }

                        break;
                    case OutputFormat.Json:
                        var listed = new List<JsonObject>();
                        await foreach (var e in events.ConfigureAwait(false))
                        {
                            if (e.Position <= head!.Position)
                            {
                                listed.Add(Listed(e));
                            }
                        }

                        await context.Out.WriteAsync(Formats.Json(new { knownAt = parse.GetValue(knownAt), stream = parse.GetValue(stream), checkpoint = head, events = listed })).ConfigureAwait(false);
                        break;
                    default:
                        List<IReadOnlyList<string>> rows = [["#", "recorded at", "valid from", "stream", "v", "type", "what"]];
                        await foreach (var e in events.ConfigureAwait(false))
                        {
                            rows.Add([Number(e.Position), LedgerJson.Format(e.RecordedAt), LedgerJson.Format(e.ValidFrom), e.Stream, Number(e.Version), e.Type, EventText.Describe(e.Data)]);
                        }

                        await context.Out.WriteAsync(rows.Count == 1 ? "no events recorded by then.\n" : TextTable.Format(rows)).ConfigureAwait(false);
                        break;
                }

                return ExitCodes.Ok;
            }
        });
        return command;
    }

    /// <summary>One line of LEDGER.md section 3, stating recordedAt and commandId, so an import reproduces the ledger.</summary>
    private static JsonObject WireLine(RecordedEvent e) => WithPayload(
        new JsonObject
        {
            ["type"] = e.Type,
            ["recordedAt"] = LedgerJson.Format(e.RecordedAt),
            ["commandId"] = e.CommandId,
        },
        e);

    /// <summary>An event in the one-object answer: where it sits (an event reference's fields, the position, the chain hash) and the wire line's fields.</summary>
    private static JsonObject Listed(RecordedEvent e)
    {
        var item = WithPayload(
            new JsonObject
            {
                ["position"] = e.Position,
                ["stream"] = e.Stream,
                ["version"] = e.Version,
                ["type"] = e.Type,
                ["recordedAt"] = LedgerJson.Format(e.RecordedAt),
                ["validFrom"] = LedgerJson.Format(e.ValidFrom),
                ["commandId"] = e.CommandId,
            },
            e);
        item["hash"] = e.Hash;
        return item;
    }

    /// <summary>Adds the actor (when stated: absent values are left out) and the data.</summary>
    private static JsonObject WithPayload(JsonObject line, RecordedEvent e)
    {
        if (e.Actor is not null)
        {
            line["actor"] = e.Actor;
        }

        line["data"] = JsonSerializer.SerializeToNode(e.Data, e.Data.GetType(), LedgerJson.Options);
        return line;
    }

    private static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);
}

using System.CommandLine;
using System.Text.Json;
using AccessLedger.Cli.Commands;
using AccessLedger.Decisions;

namespace AccessLedger.Cli.Output;

/// <summary>The forms an answer can take.</summary>
internal enum OutputFormat
{
    /// <summary>Aligned text for people.</summary>
    Text,

    /// <summary>One JSON object on one line, in the vocabulary of docs/cli.md.</summary>
    Json,

    /// <summary>One JSON object per line (<c>events</c> only): the wire format, which <c>import</c> reads back.</summary>
    Ndjson,
}

/// <summary>
/// <c>--format text|json[|ndjson]</c> and its shorthands on a command: <c>--json</c> everywhere, and on
/// <c>events</c> also <c>--json-lines</c>.
/// </summary>
internal sealed class Formats
{
    private readonly Option<string> _format;
    private readonly Option<bool> _json;
    private readonly Option<bool>? _jsonLines;
    private readonly OutputFormat _jsonMeans;

    private Formats(Option<string> format, Option<bool> json, Option<bool>? jsonLines, OutputFormat jsonMeans) =>
        (_format, _json, _jsonLines, _jsonMeans) = (format, json, jsonLines, jsonMeans);

    /// <summary>Adds <c>--format text|json</c> and <c>--json</c> to <paramref name="command"/>.</summary>
    /// <param name="command">The command.</param>
    /// <param name="shape">The JSON object's fields, for <c>--help</c>.</param>
    public static Formats AddTo(Command command, string shape)
    {
        var formats = new Formats(
            Choices.Create("--format", "The answer's form: aligned text for people, or one JSON object on one line (docs/cli.md, \"JSON\").", ["text", "json"], "text"),
            new Option<bool>("--json") { Description = $"Same as --format json: {shape}." },
            jsonLines: null,
            OutputFormat.Json);
        formats.Register(command);
        return formats;
    }

    /// <summary>
    /// Adds the forms of <c>events</c>: <c>--format text|json|ndjson</c>, <c>--json-lines</c>, and <c>--json</c>
    /// kept as it always was, NDJSON, because scripts export with it and import the file back.
    /// </summary>
    public static Formats AddToEvents(Command command)
    {
        var formats = new Formats(
            Choices.Create(
                "--format",
                "The answer's form: a table; one JSON object {knownAt, stream, checkpoint, events[...]}; or NDJSON, one event a line in the wire format that import reads back.",
                ["text", "json", "ndjson"],
                "text"),
            new Option<bool>("--json") { Description = "Same as --json-lines (NDJSON, not one JSON object): kept for the scripts that export with it." },
            new Option<bool>("--json-lines") { Description = "Same as --format ndjson: one event a line in the wire format (type, recordedAt, commandId, actor, data)." },
            OutputFormat.Ndjson);
        formats.Register(command);
        return formats;
    }

    /// <summary>The form asked for.</summary>
    public OutputFormat Of(ParseResult parse) =>
        parse.GetValue(_json) ? _jsonMeans
        : _jsonLines is not null && parse.GetValue(_jsonLines) ? OutputFormat.Ndjson
        : parse.GetValue(_format) switch
        {
            "json" => OutputFormat.Json,
            "ndjson" => OutputFormat.Ndjson,
            _ => OutputFormat.Text,
        };

    /// <summary>One JSON object on one line in the vocabulary of docs/cli.md, followed by a newline.</summary>
    public static string Json(object answer) => JsonSerializer.Serialize(answer, DecisionJson.Options) + "\n";

    private void Register(Command command)
    {
        command.Add(_format);
        command.Add(_json);
        if (_jsonLines is not null)
        {
            command.Add(_jsonLines);
        }

        command.Validators.Add(result =>
        {
            Option[] given = [.. new Option?[] { _format, _json, _jsonLines }.OfType<Option>().Where(o => result.GetResult(o) is { Implicit: false })];
            if (given.Length > 1)
            {
                result.AddError($"{string.Join(" and ", given.Select(o => o.Name))} each choose the form of the answer; give one of them.");
            }
        });
    }
}

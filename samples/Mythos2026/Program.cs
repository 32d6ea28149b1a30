using AccessLedger;
using AccessLedger.Cli;
using AccessLedger.LocalPostgres;
using AccessLedger.Samples.Mythos2026;
using Spectre.Console;

// The June 2026 Mythos 5 / Fable 5 episode: recorded with the accessledger tool, then told as an auditor wants it,
// the timeline with both clocks and the scenario's questions answered by the ledger.
var console = DemoConsole.Create();
console.Write(new Rule("[bold]AccessLedger[/] — the Mythos 5 / Fable 5 episode, June 2026").LeftJustified());

await using var server = await PostgresServer.StartAsync(PostgresServer.AppVariable, m => console.MarkupLineInterpolated($"[grey]{m}[/]"));
const string Schema = "accessledger_demo";
var environment = new Dictionary<string, string?> { [PostgresServer.AppVariable] = server.ConnectionString, ["ACCESSLEDGER_SCHEMA"] = Schema };
Environment.CurrentDirectory = AppContext.BaseDirectory;

console.WriteLine();
console.MarkupLine("[bold]1. Record the episode[/] with the command-line tool: create the ledger's schema (the one step that changes the database), then import the file in one transaction:");
foreach (var step in new[] { ["migrate"], new[] { "import", "mythos-2026.ndjson" } })
{
    var code = await DemoConsole.RunToolAsync(console, environment, step);
    if (code != ExitCodes.Ok)
    {
        return code;
    }
}

await using var ledger = Ledger.Create(server.ConnectionString, Schema);
var questions = Question.Load("mythos-2026.expected.json");

console.WriteLine();
console.MarkupLine("[bold]2. The timeline[/] in valid time (when each fact took effect) beside knowledge time (when the ledger recorded it):");
await Timeline.WriteAsync(console, ledger, questions);

console.WriteLine();
console.MarkupLine("[bold]3. The questions[/] of mythos-2026.expected.json, answered by the ledger: may the person use the model at T, counting only what the ledger had recorded by K?");
var mismatches = await Questions.WriteAsync(console, ledger, questions);

var example = questions.First(q => q.Decision == "denied");
console.WriteLine();
console.MarkupLine($"[bold]4. One answer in full[/], as the tool prints it for an auditor (q{example.Q}):");
var exit = await DemoConsole.RunToolAsync(console, environment, ["check", "--model", example.Model, "--person", example.Person, .. example.TimeArguments]);

console.WriteLine();
console.MarkupLine(mismatches == 0
    ? $"[green]All {questions.Count} answers match the expected ones.[/]"
    : $"[red]{mismatches} of {questions.Count} answers differ from the expected ones.[/]");
return mismatches == 0 && exit == ExitCodes.Ok ? 0 : 1;

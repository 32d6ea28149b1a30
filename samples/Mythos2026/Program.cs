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
var recorded = await DemoConsole.RecordAsync(console, environment, "mythos-2026.ndjson");
if (recorded != ExitCodes.Ok)
{
    return recorded;
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
var exit = await DemoConsole.RunToolAsync(console, environment, ["check", .. example.CheckArguments]);

// The autumn of 2026: the same episode continued with the instruments of version 2 (LEDGER.md section 7).
console.WriteLine();
console.Write(new Rule("[bold]The autumn of 2026[/] — version 2: classes, activities, named parties and the 50 % rule, country groups, validity after the fact, the public record").LeftJustified());
const string AutumnSchema = "accessledger_demo_autumn";
var autumnEnvironment = new Dictionary<string, string?>(environment) { ["ACCESSLEDGER_SCHEMA"] = AutumnSchema };
console.MarkupLine("[bold]5. Record the June episode and its autumn continuation[/] in a ledger of their own:");
var autumnRecorded = await DemoConsole.RecordAsync(console, autumnEnvironment, "mythos-2026-autumn.ndjson");
if (autumnRecorded != ExitCodes.Ok)
{
    return autumnRecorded;
}

await using var autumn = Ledger.Create(server.ConnectionString, AutumnSchema);
var autumnQuestions = Question.Load("mythos-2026-autumn.expected.json");
console.WriteLine();
console.MarkupLine("[bold]6. The questions[/] of mythos-2026-autumn.expected.json: the 12 June questions (their answers do not change) and a1-a29, each for an activity, and as known at K either by what the ledger had recorded or by what the public record had published (on notice):");
var autumnMismatches = await Questions.WriteAsync(console, autumn, autumnQuestions);

console.WriteLine();
console.MarkupLine("[bold]7. Three clocks[/]: the Mythos-class rule d2 took effect on 1 August, was published on 4 August and recorded on 10 August. On 5 August the ledger believed \"allowed\" (a3); the public record said \"denied\" (a4, below): the difference is the company's own delay.");
var notice = autumnQuestions.Single(q => q.Q == "a4");
var exitNotice = await DemoConsole.RunToolAsync(console, autumnEnvironment, ["check", .. notice.CheckArguments]);
console.WriteLine();
console.MarkupLine("[bold]8. The 50 % rule[/]: coastal-labs is 30 % harbor-ai (itself 60 % shadowlab) and 25 % shadowlab, an Entity List party: the answer cites the ownerships (a14).");
var owned = autumnQuestions.Single(q => q.Q == "a14");
var exitOwned = await DemoConsole.RunToolAsync(console, autumnEnvironment, ["check", .. owned.CheckArguments]);

console.WriteLine();
console.MarkupLine(mismatches == 0
    ? $"[green]June: all {questions.Count} answers match the expected ones.[/]"
    : $"[red]June: {mismatches} of {questions.Count} answers differ from the expected ones.[/]");
console.MarkupLine(autumnMismatches == 0
    ? $"[green]Autumn: all {autumnQuestions.Count} answers match the expected ones.[/]"
    : $"[red]Autumn: {autumnMismatches} of {autumnQuestions.Count} answers differ from the expected ones.[/]");
return mismatches == 0 && autumnMismatches == 0 && new[] { exit, exitNotice, exitOwned }.All(c => c == ExitCodes.Ok) ? 0 : 1;

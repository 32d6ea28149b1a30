using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using AccessLedger.Cli.Tests.Infrastructure;
using Shouldly;

namespace AccessLedger.Cli.Tests;

/// <summary>
/// What users of gh, kubectl, zed and fga expect of a command line: "did you mean" on a typo, <c>-</c> for standard
/// input, completion, examples in --help, enumerated values listed, and an opt-in exit code for a denial.
/// </summary>
public sealed class PeerHabitsTests(ScenarioFixture scenario) : IClassFixture<ScenarioFixture>
{
    private static readonly string[] Lena = ["check", "--model", "mythos-5", "--person", "lena"];

    public static TheoryData<string[], string> Typos() => new()
    {
        { ["chek", "--model", "mythos-5"], "error: 'chek' is not an accessledger command; did you mean 'check'?\nRun 'accessledger --help' for usage.\n" },
        { ["vrify"], "error: 'vrify' is not an accessledger command; did you mean 'verify'?\nRun 'accessledger --help' for usage.\n" },
        { ["tim", "--person", "kenji"], "error: 'tim' is not an accessledger command; did you mean 'timeline'?\nRun 'accessledger --help' for usage.\n" },
        { [.. Lena, "--at", "2026-06-12T22:00:00Z", "--knwon-at", "2026-06-12T22:00:00Z"], "error: check has no option '--knwon-at'; did you mean '--known-at'?\nRun 'accessledger check --help' for usage.\n" },
        { ["check", "--modle", "mythos-5", "--person", "lena", "--at", "2026-06-12T22:00:00Z"], "error: check has no option '--modle'; did you mean '--model'?\nRun 'accessledger check --help' for usage.\n" },
        { ["events", "--json-line"], "error: events has no option '--json-line'; did you mean '--json-lines'?\nRun 'accessledger events --help' for usage.\n" },
        { [.. Lena, "--at", "2026-06-12T22:00:00Z", "--format", "jsno"], "error: --format 'jsno' is not one of text, json; did you mean 'json'?\nRun 'accessledger check --help' for usage.\n" },
        { ["frobnicate"], "error: 'frobnicate' is not an accessledger command; the commands are migrate, import, check, events, verify, checkpoint, prove, verify-proof, export, revalidate, keygen, who, changes, diff, timeline, report, completion.\nRun 'accessledger --help' for usage.\n" },
        { [], "error: name a command: migrate, import, check, events, verify, checkpoint, prove, verify-proof, export, revalidate, keygen, who, changes, diff, timeline, report, completion.\nRun 'accessledger --help' for usage.\n" },
    };

    [Theory]
    [MemberData(nameof(Typos))]
    public async Task a_typo_is_answered_in_two_lines_with_the_nearest_words(string[] args, string error)
    {
        var run = await scenario.Cli.RunAsync(args);

        run.Exit.ShouldBe(ExitCodes.BadInput);
        run.Error.ShouldBe(error);
        run.Out.ShouldBeEmpty();
    }

    [Fact]
    public async Task import_dash_reads_standard_input_and_records_what_the_file_would()
    {
        var cli = await CliRunner.MigratedAsync(scenario.Ledger.ConnectionString, "stdin");

        var run = await cli.RunWithInputAsync(await File.ReadAllTextAsync(CliRunner.ScenarioFile), "import", "-");

        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Lines[0].ShouldBe("standard input: 21 events recorded, 0 skipped as idempotent repeats.");
        run.Lines[1].ShouldEndWith($"head at position 21, chain hash {(await scenario.Ledger.Ledger.GetHeadAsync()).Hash}");
    }

    [Fact]
    public async Task events_piped_into_import_dash_copies_the_ledger_with_its_chain()
    {
        var exported = await scenario.Cli.RunAsync("events", "--json-lines");
        var copy = await CliRunner.MigratedAsync(scenario.Ledger.ConnectionString, "copied");

        var run = await copy.RunWithInputAsync(exported.Out, "import", "-", "--json");

        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        json.RootElement.GetProperty("file").GetString().ShouldBe("standard input");
        json.RootElement.GetProperty("recorded").GetInt32().ShouldBe(21);
        json.RootElement.GetProperty("checkpoint").GetProperty("hash").GetString().ShouldBe((await scenario.Ledger.Ledger.GetHeadAsync()).Hash);
    }

    [Fact]
    public async Task a_bad_line_from_standard_input_is_named_by_its_line()
    {
        var cli = await CliRunner.MigratedAsync(scenario.Ledger.ConnectionString, "badin");

        var run = await cli.RunWithInputAsync("# a comment\n{\"type\":\"ban_issued\"}\n", "import", "-");

        run.Exit.ShouldBe(ExitCodes.BadInput, run.ToString());
        run.Error.ShouldStartWith("error: standard input: line 2 (ban_issued): ");
        run.Error.ShouldEndWith("nothing of standard input was written.\n");
    }

    [Fact]
    public async Task importing_a_directory_is_bad_input()
    {
        var directory = Directory.CreateTempSubdirectory("accessledger-cli-dir-").FullName;

        var run = await scenario.Cli.RunAsync("import", directory);

        run.Exit.ShouldBe(ExitCodes.BadInput, run.ToString());
        run.Error.ShouldStartWith($"error: '{directory}' is a directory; give an NDJSON file, or - to read standard input.\n");
        Directory.Delete(directory);
    }

    [Fact]
    public async Task a_file_that_is_not_utf8_is_refused_with_the_line_that_is_not()
    {
        var path = Path.Combine(Path.GetTempPath(), $"cli-{Guid.NewGuid():N}.ndjson");
        var lines = await File.ReadAllLinesAsync(CliRunner.ScenarioFile);
        await File.WriteAllBytesAsync(path, [.. System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines.Take(3)) + "\n"), .. "{\"type\":\"person_offboarded\",\"data\":\"caf"u8.ToArray(), 0xE9, .. "\"}\n"u8.ToArray()]);
        var head = await scenario.Ledger.Ledger.GetHeadAsync();

        var run = await scenario.Cli.RunAsync("import", path);

        run.Exit.ShouldBe(ExitCodes.BadInput, run.ToString());
        run.Error.ShouldContain($"error: {path}: line 4: the line is not UTF-8");
        (await scenario.Ledger.Ledger.GetHeadAsync()).ShouldBe(head);
        File.Delete(path);
    }

    [Theory]
    [InlineData("2026-06-20T00:00:00Z", ExitCodes.Denied, "DENIED")]
    [InlineData("2026-06-11T00:00:00Z", ExitCodes.Ok, "ALLOWED")]
    public async Task check_with_exit_code_exits_4_on_a_denial_and_still_prints_the_answer(string at, int exit, string verdict)
    {
        var run = await scenario.Cli.RunAsync([.. Lena, "--at", at, "--exit-code"]);
        var without = await scenario.Cli.RunAsync([.. Lena, "--at", at]);

        run.Exit.ShouldBe(exit, run.ToString());
        run.Lines[0].ShouldStartWith($"{verdict}: mythos-5 for person lena");
        without.Exit.ShouldBe(ExitCodes.Ok);
    }

    [Fact]
    public async Task every_command_shows_examples_in_its_help_and_lists_enumerated_values()
    {
        var root = CliApp.CreateRootCommand(new CliContext(TextWriter.Null, TextWriter.Null, new Dictionary<string, string?>()));

        foreach (var command in root.Subcommands.Prepend(root))
        {
            string[] args = command == root ? ["--help"] : [command.Name, "--help"];
            var help = await CliRunner.RunWithEnvironmentAsync(new Dictionary<string, string?>(), args);

            help.Exit.ShouldBe(ExitCodes.Ok, help.ToString());
            var examples = HelpExamples.Of(command);
            examples.ShouldNotBeEmpty(command.Name);
            help.Out.ShouldContain("\nExamples:\n");
            examples.ShouldAllBe(e => help.Out.Contains($"  {e}\n"));
        }

        var check = await CliRunner.RunWithEnvironmentAsync(new Dictionary<string, string?>(), "check", "--help");
        check.Out.ShouldContain("--us-person <citizen|permanent_resident|protected|none>");
        check.Out.ShouldContain("--format <text|json>");
        (await CliRunner.RunWithEnvironmentAsync(new Dictionary<string, string?>(), "events", "--help")).Out.ShouldContain("--format <text|json|ndjson>");
    }

    [Fact]
    public async Task every_example_in_help_parses_and_the_questions_among_them_answer_on_the_episode()
    {
        var root = CliApp.CreateRootCommand(new CliContext(TextWriter.Null, TextWriter.Null, new Dictionary<string, string?>()));
        string[] questions = ["check", "events", "verify", "who", "changes", "diff", "timeline"];

        foreach (var example in root.Subcommands.Prepend(root).SelectMany(HelpExamples.Of))
        {
            var args = Arguments(example);
            root.Parse(args).Errors.ShouldBeEmpty(example);
            // An example that signs names a key file the episode does not have.
            if (questions.Contains(args[0]) && !args.Contains("--signing-key"))
            {
                var run = await scenario.Cli.RunAsync(args);
                run.Exit.ShouldBeOneOf([ExitCodes.Ok, ExitCodes.Denied], $"{example}\n{run}");
            }
        }
    }

    [Theory]
    [InlineData("[suggest:3]", "che", "check")]
    [InlineData("[suggest:18]", "check --us-person ", "permanent_resident")]
    [InlineData("[suggest:12]", "events --for", "--format")]
    [InlineData("[suggest:16]", "events --format ", "ndjson")]
    public async Task the_suggest_directive_behind_the_completion_scripts_offers_commands_options_and_values(string directive, string line, string offered)
    {
        var run = await CliRunner.RunWithEnvironmentAsync(new Dictionary<string, string?>(), directive, line);

        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Lines.ShouldContain(offered);
    }

    [Fact]
    public async Task the_bash_completion_script_completes_commands_and_values_in_a_real_bash()
    {
        var script = await CliRunner.RunWithEnvironmentAsync(new Dictionary<string, string?>(), "completion", "bash");
        var driver = $$"""
            accessledger() { dotnet exec '{{Path.Combine(AppContext.BaseDirectory, "AccessLedger.Cli.dll")}}' "$@"; }
            {{script.Out}}
            complete_line() { COMP_LINE="$1"; COMP_POINT=${#1}; read -ra COMP_WORDS <<< "$1"; [[ "$1" == *" " ]] && COMP_WORDS+=(""); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); _accessledger_complete; echo "$1 => ${COMPREPLY[*]}"; }
            complete_line "accessledger che"
            complete_line "accessledger check --us-person "
            complete_line "accessledger events --form"
            """;

        var (exit, output) = await BashAsync(driver);

        exit.ShouldBe(0, output);
        output.ShouldContain("accessledger che => check checkpoint\n");
        output.ShouldContain("accessledger check --us-person  => citizen none permanent_resident protected\n");
        output.ShouldContain("accessledger events --form => --format\n");
    }

    /// <summary>
    /// An example's <c>accessledger …</c> command line, without the shell around it (<c>source &lt;(…)</c>,
    /// <c>| …</c>, <c>&gt; …</c>, <c># …</c>), its NDJSON file replaced by the episode's.
    /// </summary>
    private static string[] Arguments(string example)
    {
        var line = example[(example.IndexOf("accessledger", StringComparison.Ordinal) + "accessledger".Length)..];
        var end = line.IndexOfAny([')', '|', '>', '#']);
        return [.. line[..(end < 0 ? line.Length : end)].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(a => a.EndsWith(".ndjson", StringComparison.Ordinal) ? CliRunner.ScenarioFile : a)];
    }

    private static async Task<(int Exit, string Output)> BashAsync(string script)
    {
        using var bash = Process.Start(new ProcessStartInfo("bash", ["--norc", "--noprofile"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await bash.StandardInput.WriteAsync(script);
        bash.StandardInput.Close();
        var output = await bash.StandardOutput.ReadToEndAsync();
        var error = await bash.StandardError.ReadToEndAsync();
        await bash.WaitForExitAsync();
        return (bash.ExitCode, output + error);
    }
}

using System.CommandLine;
using AccessLedger.Cli.Tests.Infrastructure;
using Shouldly;

namespace AccessLedger.Cli.Tests;

/// <summary>Every command, option and argument explains itself in --help.</summary>
public sealed class HelpTests
{
    [Fact]
    public void every_command_option_and_argument_has_a_description()
    {
        var root = CliApp.CreateRootCommand(new CliContext(TextWriter.Null, TextWriter.Null, new Dictionary<string, string?>()));
        Command[] commands = [root, .. root.Subcommands];

        commands.Select(c => c.Name).ShouldBe([root.Name, "migrate", "import", "check", "events", "verify", "checkpoint", "prove", "verify-proof", "export", "revalidate", "keygen", "who", "changes", "diff", "timeline", "report", "completion"]);
        foreach (var command in commands)
        {
            command.Description.ShouldNotBeNullOrWhiteSpace(command.Name);
            foreach (var symbol in command.Options.Cast<Symbol>().Concat(command.Arguments))
            {
                symbol.Description.ShouldNotBeNullOrWhiteSpace($"{command.Name} {symbol.Name}");
            }
        }
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("check", "--help")]
    public async Task help_goes_to_stdout_and_exits_0(params string[] args)
    {
        var run = await CliRunner.RunWithEnvironmentAsync(new Dictionary<string, string?>(), args);

        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Out.ShouldContain("Usage:");
        run.Error.ShouldBeEmpty();
    }
}

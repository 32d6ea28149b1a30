using AccessLedger.Cli;
using Spectre.Console;

namespace AccessLedger.Samples.Mythos2026;

/// <summary>The demo's console: colours on a terminal, plain text (no ANSI codes) and a wide page when redirected, as in CI.</summary>
internal static class DemoConsole
{
    public static IAnsiConsole Create()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        if (Console.IsOutputRedirected)
        {
            // No terminal to ask for a width; Spectre would assume 80 columns and wrap the tables.
            console.Profile.Width = 160;
        }

        return console;
    }

    /// <summary>Shows the command line, then runs it through the tool's own entry point, output and all.</summary>
    public static async Task<int> RunToolAsync(IAnsiConsole console, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        console.MarkupLineInterpolated($"[grey]$[/] [bold]accessledger {string.Join(' ', args)}[/]");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr, environment);
        console.Write(new Text(stdout.ToString()));
        console.Write(new Text(stderr.ToString(), new Style(Color.Red)));
        return exit;
    }

    /// <summary>Records an episode with the tool: <c>migrate</c> (the one step that changes the database), then <c>import FILE</c> in one transaction; the first failing exit code, else 0.</summary>
    public static async Task<int> RecordAsync(IAnsiConsole console, IReadOnlyDictionary<string, string?> environment, string file)
    {
        foreach (var step in new[] { ["migrate"], new[] { "import", file } })
        {
            var code = await RunToolAsync(console, environment, step);
            if (code != ExitCodes.Ok)
            {
                return code;
            }
        }

        return ExitCodes.Ok;
    }
}

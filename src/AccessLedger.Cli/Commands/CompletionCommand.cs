using System.CommandLine;

namespace AccessLedger.Cli.Commands;

/// <summary>
/// <c>accessledger completion bash|zsh|fish</c>: prints a script that makes the shell complete commands, options and
/// their values, as <c>gh completion</c> and <c>kubectl completion</c> do. The scripts ask the tool itself through
/// System.CommandLine's <c>[suggest:N]</c> directive, so they never go stale; nothing else needs installing.
/// </summary>
internal static class CompletionCommand
{
    private static readonly Dictionary<string, string> Scripts = new(StringComparer.Ordinal)
    {
        ["bash"] = """
            # accessledger completion for bash. Enable: source <(accessledger completion bash)   (e.g. in ~/.bashrc)
            _accessledger_complete() {
                local line="${COMP_LINE:0:COMP_POINT}"
                local rest="${line#"${COMP_WORDS[0]}"}"
                rest="${rest#"${rest%%[![:space:]]*}"}"
                local IFS=$'\n'
                COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" "[suggest:${#rest}]" "$rest" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}"))
            }
            complete -o default -F _accessledger_complete accessledger

            """,
        ["zsh"] = """
            # accessledger completion for zsh. Enable: source <(accessledger completion zsh)   (e.g. in ~/.zshrc, after compinit)
            _accessledger() {
                local rest="${(j: :)words[2,CURRENT]}"
                local -a candidates
                candidates=("${(@f)$(${words[1]} "[suggest:${#rest}]" "$rest" 2>/dev/null)}")
                if [[ -n "${candidates[1]}" ]]; then
                    compadd -a candidates
                else
                    _files
                fi
            }
            compdef _accessledger accessledger

            """,
        ["fish"] = """
            # accessledger completion for fish. Enable: accessledger completion fish > ~/.config/fish/completions/accessledger.fish
            function __accessledger_complete
                set -l rest (commandline -cp | string replace -r '^\s*\S+\s*' '')
                accessledger "[suggest:"(string length -- "$rest")"]" "$rest" 2>/dev/null
            end
            complete -c accessledger -a '(__accessledger_complete)'

            """,
    };

    public static Command Create(CliContext context)
    {
        var shell = new Argument<string>("SHELL") { Description = $"The shell: {string.Join(", ", Scripts.Keys)}." };
        shell.CompletionSources.Add([.. Scripts.Keys]);
        shell.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } name && !Scripts.ContainsKey(name))
            {
                var nearest = Suggestions.Nearest(name, [.. Scripts.Keys]);
                result.AddError($"no completion script for '{name}': the shells are {string.Join(", ", Scripts.Keys)}{(nearest.Count > 0 ? $"; did you mean {Suggestions.Quote(nearest)}?" : ".")}");
            }
        });
        var command = new Command(
            "completion",
            "Prints the script that makes your shell complete accessledger's commands, options and their values (e.g. --us-person, --format). " +
            "Load it from your shell's start-up file as shown below.")
        {
            shell,
        };
        command.WithExamples(
            "source <(accessledger completion bash)   # in ~/.bashrc",
            "source <(accessledger completion zsh)    # in ~/.zshrc, after compinit",
            "accessledger completion fish > ~/.config/fish/completions/accessledger.fish");
        command.SetAction(async (parse, cancellationToken) =>
        {
            await context.Out.WriteAsync(Scripts[parse.GetRequiredValue(shell)].AsMemory(), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}

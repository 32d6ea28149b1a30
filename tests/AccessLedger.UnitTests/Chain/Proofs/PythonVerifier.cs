using System.Diagnostics;

namespace AccessLedger.UnitTests.Chain.Proofs;

/// <summary>Runs eng/verify_proof.py, the independent verifier (shared with the command line's tests).</summary>
internal static class PythonVerifier
{
    /// <summary>Runs <c>python3</c> with the arguments; the exit code, stdout and stderr.</summary>
    public static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["PYTHONUTF8"] = "1";
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    /// <summary>eng/verify_proof.py of this repository.</summary>
    public static string Script { get; } = FindScript();

    private static string FindScript()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "AccessLedger.sln")))
            {
                return Path.Combine(folder.FullName, "eng", "verify_proof.py");
            }
        }

        throw new InvalidOperationException($"no AccessLedger.sln above {AppContext.BaseDirectory}");
    }
}

namespace AccessLedger.Cli;

/// <summary>The exit codes of <c>accessledger</c> (LEDGER.md section 6). Scripts depend on them.</summary>
internal static class ExitCodes
{
    /// <summary>The command did its work; for <c>check</c>, an answer was given, allowed or denied.</summary>
    public const int Ok = 0;

    /// <summary>Anything but bad input: no database, an unreachable server, a schema with no ledger (run <c>migrate</c>).</summary>
    public const int Failure = 1;

    /// <summary>Bad input: an unknown option or value, a timestamp without an offset, a bad line; nothing was written.</summary>
    public const int BadInput = 2;

    /// <summary><c>verify</c> found the chain broken, or the history up to the checkpoint rewritten.</summary>
    public const int Broken = 3;

    /// <summary><c>check --exit-code</c> only: the answer is denied (without <c>--exit-code</c>, a denial exits 0).</summary>
    public const int Denied = 4;
}

/// <summary>A failure the command line explains in one line and exits with.</summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

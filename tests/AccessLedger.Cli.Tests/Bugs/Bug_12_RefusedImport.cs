using AccessLedger.Cli.Tests.Infrastructure;
using AccessLedger.Tests.Infrastructure;
using Shouldly;

namespace AccessLedger.Cli.Tests.Bugs;

/// <summary>
/// Imports a file that must be refused, after two good lines, and checks what every refusal of issue 12 promises:
/// exit 2, the line's number, the reason in the contract's words (no .NET type, no serializer position, no terminal
/// escape), the stable code, and nothing of the file written.
/// </summary>
internal static class RefusedImport
{
    /// <summary>Two lines that are good on their own; the bad line follows them as line 3.</summary>
    public static readonly string[] GoodLines =
    [
        """{"type":"organization_registered","data":{"orgId":"gridco","name":"GridCo","country":"US","usPerson":true,"validFrom":"2026-06-01T00:00:00Z"}}""",
        """{"type":"model_registered","data":{"modelId":"mythos-5","providerId":"prov","name":"Mythos 5","availability":"restricted","validFrom":"2026-06-09T00:00:00Z"}}""",
    ];

    /// <summary>Imports <see cref="GoodLines"/> then <paramref name="bad"/>; returns stderr's error line for line 3.</summary>
    public static Task<string> ImportAsync(LedgerFixture fixture, string bad, string code) =>
        ImportAsync(fixture, file => File.WriteAllLines(file, [.. GoodLines, bad]), code);

    /// <summary>Imports the file <paramref name="write"/> makes; returns stderr's error line for line 3.</summary>
    public static async Task<string> ImportAsync(LedgerFixture fixture, Action<string> write, string code)
    {
        var path = Path.Combine(Path.GetTempPath(), $"cli-{Guid.NewGuid():N}.ndjson");
        write(path);
        try
        {
            var run = await CliRunner.For(fixture).RunAsync("import", path);

            run.Exit.ShouldBe(ExitCodes.BadInput, run.ToString());
            run.Out.ShouldBeEmpty();
            run.Error.ShouldContain($"nothing of {path} was written.");
            foreach (var leak in new[] { "System.", "AccessLedger.", "LineNumber", "BytePositionInLine", "Path: $", "\u001b", "\u009b", "\0" })
            {
                run.Error.ShouldNotContain(leak, Case.Sensitive, run.ToString());
            }

            (await fixture.Ledger.GetHeadAsync()).Position.ShouldBe(0);
            var line = run.Error.Split('\n').ShouldHaveSingleItem(l => l.StartsWith($"error: {path}: line 3", StringComparison.Ordinal));
            line.ShouldEndWith($"[{code}]");
            return line[$"error: {path}: ".Length..];
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string ShouldHaveSingleItem(this string[] lines, Func<string, bool> match)
    {
        var matching = lines.Where(match).ToList();
        matching.Count.ShouldBe(1, string.Join('\n', lines));
        return matching[0];
    }
}

using System.Reflection;
using System.Text.RegularExpressions;

namespace AccessLedger.Engineering.Tests.Infrastructure;

/// <summary>The clone these tests run in: its folders, its README and the configuration it was built in.</summary>
public static partial class Repository
{
    /// <summary>The folder of AccessLedger.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Where the README (and eng/test.sh) put the packed packages.</summary>
    public static string PackageFolder => Path.Combine(Root, "artifacts", "packages");

    /// <summary>Release or Debug: the configuration of this test run, and so of the projects it packs.</summary>
    public static string Configuration { get; } =
        typeof(Repository).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    /// <summary>The packages' version, as the build stamped it (without the commit).</summary>
    public static string PackageVersion { get; } =
        typeof(Ledger).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];

    /// <summary>README.md as it is now.</summary>
    public static string Readme => File.ReadAllText(Path.Combine(Root, "README.md"));

    /// <summary>The first fenced block in <paramref name="language"/> after the heading that starts with <paramref name="heading"/>.</summary>
    public static string ReadmeBlock(string heading, string language)
    {
        var readme = Readme;
        var start = readme.IndexOf("\n## " + heading, StringComparison.Ordinal);
        if (start < 0)
        {
            throw new InvalidOperationException($"README.md has no section '## {heading}'.");
        }

        var match = new Regex("^```" + Regex.Escape(language) + "\\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)
            .Match(readme, start);
        return match.Success ? match.Groups[1].Value : throw new InvalidOperationException($"README.md has no ```{language} block after '## {heading}'.");
    }

    /// <summary>The README's lines that start with <paramref name="prefix"/>, with any trailing <c># comment</c> cut.</summary>
    public static IReadOnlyList<string> ReadmeCommands(string prefix) =>
        Readme.Split('\n')
            .Where(l => l.StartsWith(prefix, StringComparison.Ordinal))
            .Select(l => TrailingComment().Replace(l, "").Trim())
            .ToList();

    [GeneratedRegex(@"\s+#.*$")]
    private static partial Regex TrailingComment();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AccessLedger.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no AccessLedger.sln above {AppContext.BaseDirectory}");
    }
}

namespace AccessLedger.Engineering.Tests.Infrastructure;

/// <summary>
/// A new app in a folder of its own outside the clone, made with <c>dotnet new</c> and set up by the README alone:
/// its <c>nuget.config</c> block (with the clone's path) and its <c>dotnet add package</c> lines.
/// </summary>
/// <remarks>
/// Restore is kept offline and honest: packages go to a packages folder of the app's own, which starts empty, and
/// NuGet may take from the machine's package folder (as a fallback folder) every package except ours and
/// MediatR.Contracts. So AccessLedger comes from artifacts/packages, MediatR.Contracts from the source the README
/// names (or the machine's, where it has one), and nothing from an earlier run.
/// </remarks>
public sealed class NewApp : IAsyncDisposable
{
    private static readonly string[] NotFromTheMachine = ["accessledger", "accessledger.mediatr", "accessledger.cli", "mediatr.contracts"];

    private readonly string _root;
    private readonly Dictionary<string, string?> _environment;

    private NewApp(string root)
    {
        _root = root;
        Directory = Path.Combine(root, "App");
        Packages = Path.Combine(root, "packages");
        _environment = new Dictionary<string, string?>
        {
            ["NUGET_PACKAGES"] = Packages,
            ["NUGET_FALLBACK_PACKAGES"] = Path.Combine(root, "machine-packages"),
        };
    }

    /// <summary>The app's project folder.</summary>
    public string Directory { get; }

    /// <summary>The app's own packages folder, where restore put what it did not find on the machine.</summary>
    public string Packages { get; }

    /// <summary>Makes the app with <c>dotnet new <paramref name="template"/></c> and adds the README's nuget.config.</summary>
    public static async Task<NewApp> CreateAsync(string template)
    {
        var app = new NewApp(Path.Combine(Path.GetTempPath(), $"accessledger-app-{Guid.NewGuid():N}"[..29]));
        System.IO.Directory.CreateDirectory(app.Packages);
        app.LinkMachinePackages();
        (await app.RunAsync(app._root, ["new", template, "-o", "App", "--no-restore"])).ShouldSucceed();
        var nugetConfig = Repository.ReadmeBlock("Install", "xml").Replace("/path/to/accessledger", Repository.Root, StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(app.Directory, "nuget.config"), nugetConfig);
        return app;
    }

    /// <summary>Runs the README's <c>dotnet add package</c> line for <paramref name="id"/>, as written.</summary>
    public async Task<Dotnet.Run> AddPackageAsync(string id)
    {
        var line = Repository.ReadmeCommands($"dotnet add package {id} ").SingleOrDefault()
            ?? throw new InvalidOperationException($"README.md has no line `dotnet add package {id} ...`");
        return await RunAsync(Directory, [.. line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)]);
    }

    /// <summary>Writes the app's Program.cs.</summary>
    public Task WriteProgramAsync(string code) => File.WriteAllTextAsync(Path.Combine(Directory, "Program.cs"), code);

    /// <summary>Runs <c>dotnet <paramref name="arguments"/></c> in the app's folder.</summary>
    public Task<Dotnet.Run> DotnetAsync(params string[] arguments) => RunAsync(Directory, arguments);

    /// <summary>The folder of package <paramref name="id"/> as restore extracted it.</summary>
    public string PackageDirectory(string id) => Path.Combine(Packages, id.ToLowerInvariant(), Repository.PackageVersion);

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        System.IO.Directory.Delete(_root, recursive: true);
        return ValueTask.CompletedTask;
    }

    private Task<Dotnet.Run> RunAsync(string directory, IReadOnlyList<string> arguments) =>
        Dotnet.RunAsync(directory, arguments, _environment, TimeSpan.FromMinutes(8));

    private void LinkMachinePackages()
    {
        var machine = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var fallback = System.IO.Directory.CreateDirectory(_environment["NUGET_FALLBACK_PACKAGES"]!).FullName;
        foreach (var package in System.IO.Directory.Exists(machine) ? System.IO.Directory.GetDirectories(machine) : [])
        {
            var id = Path.GetFileName(package);
            if (!NotFromTheMachine.Contains(id))
            {
                File.CreateSymbolicLink(Path.Combine(fallback, id), package);
            }
        }
    }
}

/// <summary>Assertions on a <see cref="Dotnet.Run"/>.</summary>
public static class DotnetRunAssertions
{
    /// <summary>Fails with the command's output unless it exited with 0.</summary>
    public static Dotnet.Run ShouldSucceed(this Dotnet.Run run)
    {
        if (run.ExitCode != 0)
        {
            throw new Xunit.Sdk.XunitException(run.ToString());
        }

        return run;
    }
}

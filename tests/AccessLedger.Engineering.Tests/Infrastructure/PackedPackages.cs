using System.IO.Compression;
using System.Xml.Linq;

namespace AccessLedger.Engineering.Tests.Infrastructure;

/// <summary>
/// The three packages in artifacts/packages, as the README and eng/test.sh make them. eng/test.sh packs before it
/// tests; a package missing or older than its project's build is packed here (with no build) first.
/// </summary>
public static class PackedPackages
{
    /// <summary>The packages the repository ships.</summary>
    public static IReadOnlyList<string> Ids { get; } = ["AccessLedger", "AccessLedger.MediatR", "AccessLedger.Cli"];

    private static readonly Lazy<Task> Packed = new(PackAsync);

    /// <summary>The path of package <paramref name="id"/>'s .nupkg, packed from the current build.</summary>
    public static async Task<string> PathAsync(string id)
    {
        await Packed.Value;
        return NupkgOf(id);
    }

    /// <summary>The names of the files in package <paramref name="id"/>.</summary>
    public static async Task<IReadOnlyList<string>> FilesAsync(string id)
    {
        using var zip = ZipFile.OpenRead(await PathAsync(id));
        return zip.Entries.Select(e => e.FullName).ToList();
    }

    /// <summary>Package <paramref name="id"/>'s nuspec.</summary>
    public static async Task<XDocument> NuspecAsync(string id)
    {
        using var zip = ZipFile.OpenRead(await PathAsync(id));
        await using var stream = zip.GetEntry($"{id}.nuspec")!.Open();
        return await XDocument.LoadAsync(stream, LoadOptions.None, CancellationToken.None);
    }

    private static string NupkgOf(string id) => Path.Combine(Repository.PackageFolder, $"{id}.{Repository.PackageVersion}.nupkg");

    private static async Task PackAsync()
    {
        foreach (var id in Ids)
        {
            var project = Path.Combine(Repository.Root, "src", id);
            var built = Path.Combine(project, "bin", Repository.Configuration, "net10.0", $"{id}.dll");
            var nupkg = NupkgOf(id);
            if (File.Exists(nupkg) && File.GetLastWriteTimeUtc(nupkg) >= File.GetLastWriteTimeUtc(built))
            {
                continue;
            }

            var run = await Dotnet.RunAsync(Repository.Root, ["pack", project, "-c", Repository.Configuration, "--no-build", "-nologo", "-v", "quiet", "-o", Repository.PackageFolder]);
            if (run.ExitCode != 0)
            {
                throw new InvalidOperationException($"packing {id} failed: {run}");
            }
        }
    }
}

using System.IO.Compression;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using AccessLedger.Engineering.Tests.Infrastructure;
using Shouldly;

namespace AccessLedger.Engineering.Tests.Bugs;

/// <summary>
/// Issue 15: AccessLedger.0.1.0.nupkg held the DLL and no XML docs (GenerateDocumentationFile sat in
/// Directory.Build.targets, read after the SDK had decided), so a user of the package got no IntelliSense.
/// </summary>
public sealed class Bug_15_packages_without_xml_docs
{
    [Theory]
    [InlineData("AccessLedger")]
    [InlineData("AccessLedger.MediatR")]
    public async Task a_library_package_holds_its_xml_docs_beside_its_dll_with_the_readme_and_the_licence(string id)
    {
        var files = await PackedPackages.FilesAsync(id);

        files.ShouldContain($"lib/net10.0/{id}.dll");
        files.ShouldContain($"lib/net10.0/{id}.xml");
        files.ShouldContain("README.md");
        files.ShouldContain("LICENSE");
        var metadata = (await PackedPackages.NuspecAsync(id)).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        metadata.Elements().Single(e => e.Name.LocalName == "readme").Value.ShouldBe("README.md");
        metadata.Elements().Single(e => e.Name.LocalName == "license").Value.ShouldBe("Apache-2.0");
    }

    [Theory]
    [InlineData("AccessLedger")]
    [InlineData("AccessLedger.MediatR")]
    public async Task every_public_type_and_member_in_a_library_package_has_a_summary_in_its_xml_docs(string id)
    {
        using var zip = ZipFile.OpenRead(await PackedPackages.PathAsync(id));
        var documented = Summaries(Entry(zip, $"lib/net10.0/{id}.xml"));
        var undocumented = PublicTypes(Entry(zip, $"lib/net10.0/{id}.dll")).Where(t => !documented.Contains("T:" + t)).ToList();

        undocumented.ShouldBeEmpty();
        documented.Count(d => d.StartsWith("M:", StringComparison.Ordinal)).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task the_dependency_injection_extensions_are_documented_where_intellisense_finds_them()
    {
        using var core = ZipFile.OpenRead(await PackedPackages.PathAsync("AccessLedger"));
        using var mediatr = ZipFile.OpenRead(await PackedPackages.PathAsync("AccessLedger.MediatR"));

        Summaries(Entry(core, "lib/net10.0/AccessLedger.xml"))
            .ShouldContain(m => m.StartsWith("M:Microsoft.Extensions.DependencyInjection.AccessLedgerServiceCollectionExtensions.AddAccessLedger(", StringComparison.Ordinal));
        Summaries(Entry(mediatr, "lib/net10.0/AccessLedger.MediatR.xml"))
            .ShouldContain(m => m.StartsWith("M:Microsoft.Extensions.DependencyInjection.AccessLedgerMediatRServiceCollectionExtensions.AddAccessLedgerMediatR(", StringComparison.Ordinal));
    }

    [Fact]
    public async Task the_tool_package_is_a_dotnet_tool_with_the_readme_and_the_licence_and_no_library()
    {
        var files = await PackedPackages.FilesAsync("AccessLedger.Cli");

        files.ShouldContain("tools/net10.0/any/AccessLedger.Cli.dll");
        files.ShouldContain("tools/net10.0/any/DotnetToolSettings.xml");
        files.ShouldContain("README.md");
        files.ShouldContain("LICENSE");
        files.ShouldNotContain(f => f.StartsWith("lib/", StringComparison.Ordinal));
        (await PackedPackages.NuspecAsync("AccessLedger.Cli")).Descendants().Where(e => e.Name.LocalName == "packageType")
            .Select(e => e.Attribute("name")?.Value).ShouldBe(["DotnetTool"]);
    }

    private static ZipArchiveEntry Entry(ZipArchive package, string name) =>
        package.GetEntry(name) ?? throw new Xunit.Sdk.XunitException($"the package has no {name}");

    // The members of an XML docs file that carry a non-empty <summary>.
    private static HashSet<string> Summaries(ZipArchiveEntry xml)
    {
        using var stream = xml.Open();
        return XDocument.Load(stream).Descendants("member")
            .Where(m => !string.IsNullOrWhiteSpace(m.Element("summary")?.Value) || m.Element("inheritdoc") is not null)
            .Select(m => m.Attribute("name")!.Value)
            .ToHashSet();
    }

    // The public (and public nested) types of a DLL, as XML docs name them: Namespace.Outer.Inner`1.
    private static List<string> PublicTypes(ZipArchiveEntry dll)
    {
        using var copy = new MemoryStream();
        using (var stream = dll.Open())
        {
            stream.CopyTo(copy);
        }

        copy.Position = 0;
        using var pe = new PEReader(copy);
        var reader = pe.GetMetadataReader();
        var names = new List<string>();
        foreach (var handle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(handle);
            if (IsVisible(reader, type))
            {
                names.Add(NameOf(reader, type));
            }
        }

        return names;
    }

    private static bool IsVisible(MetadataReader reader, TypeDefinition type)
    {
        var visibility = type.Attributes & TypeAttributes.VisibilityMask;
        return visibility switch
        {
            TypeAttributes.Public => true,
            TypeAttributes.NestedPublic => IsVisible(reader, reader.GetTypeDefinition(type.GetDeclaringType())),
            _ => false,
        };
    }

    private static string NameOf(MetadataReader reader, TypeDefinition type)
    {
        var name = reader.GetString(type.Name);
        var declaring = type.GetDeclaringType();
        return declaring.IsNil
            ? $"{reader.GetString(type.Namespace)}.{name}"
            : $"{NameOf(reader, reader.GetTypeDefinition(declaring))}.{name}";
    }
}

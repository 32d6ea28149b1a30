using AccessLedger.Engineering.Tests.Infrastructure;
using Shouldly;

namespace AccessLedger.Engineering.Tests.Bugs;

/// <summary>
/// Issue 15: the core package declared Spectre.Console as a direct dependency. Central transitive pinning wrote every
/// pinned package that a dependency pulls in (Spectre.Console through Marten's JasperFx) into the nuspec. A package
/// must declare what its project references, and no more.
/// </summary>
public sealed class Bug_15_stray_package_dependencies
{
    [Theory]
    // The core: Marten and Npgsql, what AddAccessLedger uses directly (DI, hosting, options from configuration), and
    // NSec for the Ed25519 of signed checkpoints (docs/decisions.md).
    [InlineData("AccessLedger", new[] { "Marten", "Microsoft.Extensions.DependencyInjection.Abstractions", "Microsoft.Extensions.Hosting.Abstractions", "Microsoft.Extensions.Options.ConfigurationExtensions", "NSec.Cryptography", "Npgsql" })]
    [InlineData("AccessLedger.MediatR", new[] { "AccessLedger", "MediatR" })]
    // A .NET tool carries its dependencies inside; it declares none.
    [InlineData("AccessLedger.Cli", new string[0])]
    public async Task a_package_declares_the_packages_its_project_references_and_no_others(string id, string[] expected)
    {
        var dependencies = (await PackedPackages.NuspecAsync(id)).Descendants().Where(e => e.Name.LocalName == "dependency").ToList();

        dependencies.Select(d => d.Attribute("id")!.Value).Order(StringComparer.Ordinal).ShouldBe(expected);
        dependencies.ShouldAllBe(d => d.Parent!.Attribute("targetFramework")!.Value == "net10.0");
    }

    [Fact]
    public async Task the_mediatr_package_depends_on_the_core_package_of_its_own_version()
    {
        var core = (await PackedPackages.NuspecAsync("AccessLedger.MediatR")).Descendants()
            .Single(e => e.Name.LocalName == "dependency" && e.Attribute("id")!.Value == "AccessLedger");

        core.Attribute("version")!.Value.ShouldBe(Repository.PackageVersion);
    }
}

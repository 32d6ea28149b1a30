using System.Security.Cryptography;
using AccessLedger.Engineering.Tests.Infrastructure;
using AccessLedger.Tests.Infrastructure;
using Shouldly;

namespace AccessLedger.Engineering.Tests.Bugs;

/// <summary>
/// Issue 15: a new user's first build failed. The embedding snippet had no `using` lines (CS1061 three times, as
/// AddAccessLedger lived in AccessLedger.DependencyInjection), nothing said how to consume the packed packages or how
/// to restore AccessLedger.MediatR on a mirror without MediatR.Contracts, and the packages had no XML docs. Here a new
/// console app and a new web app are made from the packed packages by the README's words alone.
/// </summary>
public sealed class Bug_15_readme_snippets_do_not_build_in_a_new_app
{
    private const string ConnectionPlaceholder = "\"Host=localhost;Username=postgres;Password=…\"";
    private const string SchemaArgument = "schema: \"accessledger\"";

    [Fact]
    public async Task a_new_console_app_gets_the_packed_package_with_its_docs_and_runs_the_quick_start_as_pasted()
    {
        await using var app = await NewApp.CreateAsync("console");
        (await app.AddPackageAsync("AccessLedger")).ShouldSucceed();
        await ShouldBeThePackedOneWithItsDocsAsync(app, "AccessLedger");

        // The quick start as printed; only the server and the schema are this test run's.
        var quickStart = Repository.ReadmeBlock("Quick start for library users", "csharp");
        quickStart.ShouldContain(ConnectionPlaceholder);
        quickStart.ShouldContain(SchemaArgument);
        var connectionString = await TestDatabase.ConnectionStringAsync();
        await app.WriteProgramAsync(
            quickStart
                .Replace(ConnectionPlaceholder, Literal(connectionString), StringComparison.Ordinal)
                .Replace(SchemaArgument, $"schema: \"{TestDatabase.UniqueSchema("readme")}\"", StringComparison.Ordinal)
            + "Console.WriteLine($\"now {asKnownNow.Allowed} {string.Join(',', asKnownNow.Reasons.Select(r => r.Code))}, then {asKnownThen.Allowed}\");\n");

        (await app.DotnetAsync("build", "-nologo")).ShouldSucceed();
        var run = (await app.DotnetAsync("run", "--no-build")).ShouldSucceed();

        // What the quick start's last comment says: denied for legal_ban as known now, allowed as known then.
        run.Output.ShouldContain("now False legal_ban, then True");
    }

    [Fact]
    public async Task a_new_web_app_gets_both_packages_by_the_readme_and_builds_the_embedding_snippet_as_pasted()
    {
        await using var app = await NewApp.CreateAsync("web");
        (await app.AddPackageAsync("AccessLedger")).ShouldSucceed();
        (await app.AddPackageAsync("AccessLedger.MediatR")).ShouldSucceed();
        await ShouldBeThePackedOneWithItsDocsAsync(app, "AccessLedger");
        await ShouldBeThePackedOneWithItsDocsAsync(app, "AccessLedger.MediatR");

        await app.WriteProgramAsync(Repository.ReadmeBlock("Embedding in a service", "csharp"));

        (await app.DotnetAsync("build", "-nologo")).ShouldSucceed();
    }

    // Restore took the package from artifacts/packages (not an older copy, not another source), with its XML docs
    // beside the DLL the app compiles against.
    private static async Task ShouldBeThePackedOneWithItsDocsAsync(NewApp app, string id)
    {
        var packed = await PackedPackages.PathAsync(id);
        var folder = app.PackageDirectory(id);
        var restoredHash = await File.ReadAllTextAsync(Path.Combine(folder, $"{id.ToLowerInvariant()}.{Repository.PackageVersion}.nupkg.sha512"));
        restoredHash.ShouldBe(Convert.ToBase64String(SHA512.HashData(await File.ReadAllBytesAsync(packed))), $"{id} was not restored from {packed}");
        File.Exists(Path.Combine(folder, "lib", "net10.0", $"{id}.dll")).ShouldBeTrue();
        File.Exists(Path.Combine(folder, "lib", "net10.0", $"{id}.xml")).ShouldBeTrue($"{id} has no XML docs for IntelliSense");
    }

    private static string Literal(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}

using System.Net;
using AccessLedger.ComplianceService;
using AccessLedger.MediatR.Tests.Infrastructure;
using AccessLedger.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Shouldly;

namespace AccessLedger.MediatR.Tests;

/// <summary>The sample service's rate limit per caller, and the development token command.</summary>
public sealed class ServiceAccessTests
{
    [Fact]
    public async Task past_its_limit_a_caller_is_answered_429_with_retry_after_and_other_callers_are_not()
    {
        await using var host = await ServiceHost.StartAsync(TestDatabase.Clock(), new Dictionary<string, string?>
        {
            ["ComplianceService:RateLimit:PermitLimit"] = "3",
            ["ComplianceService:RateLimit:Window"] = "00:10:00",
        });
        using var alice = host.As("alice", Roles.Reader);
        using var bob = host.As("bob", Roles.Reader);

        for (var i = 0; i < 3; i++)
        {
            (await alice.GetAsync("/events")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var refused = await alice.GetAsync("/events");
        var problem = await Http.ProblemOf(refused, HttpStatusCode.TooManyRequests);

        problem.GetProperty("code").GetString().ShouldBe("rate_limited");
        int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeInRange(1, 600);
        (await bob.GetAsync("/events")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task the_token_command_mints_a_token_the_service_accepts_in_development()
    {
        await using var host = await ServiceHost.StartAsync(TestDatabase.Clock());
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = DevelopmentTokens.Run(["--name", "alice", "--role", Roles.Reader, "--hours", "1"], Configuration(), Environment(Environments.Development), output, error);

        (exit, error.ToString()).ShouldBe((0, ""));
        using var alice = host.WithToken(output.ToString().Trim());
        (await alice.GetAsync("/events")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await alice.PostAsync("/events", Http.Json("{}"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("Production", new[] { "--name", "alice", "--role", "reader" }, "development tokens only")]
    [InlineData("Development", new[] { "--name", "alice", "--role", "admin" }, "not understood")]
    [InlineData("Development", new[] { "--name", "alice" }, "at least one role")]
    [InlineData("Development", new[] { "--role", "reader" }, "name the caller")]
    [InlineData("Development", new[] { "--name", "alice", "--role", "reader", "--hours", "0" }, "not understood")]
    public void the_token_command_refuses_production_and_arguments_it_does_not_understand(string environment, string[] args, string message)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = DevelopmentTokens.Run(args, Configuration(), Environment(environment), output, error);

        (exit, output.ToString()).ShouldBe((2, ""));
        error.ToString().ShouldContain(message);
    }

    [Fact]
    public void the_token_command_without_a_key_says_what_to_configure()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = DevelopmentTokens.Run(["--name", "alice", "--role", "reader"], new ConfigurationBuilder().Build(), Environment(Environments.Development), output, error);

        exit.ShouldBe(2);
        error.ToString().ShouldContain("Jwt:SigningKey");
    }

    [Fact]
    public void the_roles_table_of_docs_embedding_md_names_each_event_type_under_the_role_that_records_it()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "AccessLedger.sln")))
        {
            root = root.Parent!;
        }

        var rows = File.ReadAllLines(Path.Combine(root.FullName, "docs", "embedding.md"))
            .Where(l => l.StartsWith($"| `{Roles.RegulatoryWriter}`", StringComparison.Ordinal) || l.StartsWith($"| `{Roles.AdministrationWriter}`", StringComparison.Ordinal))
            .ToDictionary(l => l.Split('`')[1], l => l.Split('|')[2].Split('`').Where((_, i) => i % 2 == 1).ToList());

        foreach (var type in Events.EventCatalog.WireNames)
        {
            var role = Policies.ToRecord(type)!.Value.Role;
            rows.Where(r => r.Value.Any(named => named == type || (named.EndsWith('*') && type.StartsWith(named[..^1], StringComparison.Ordinal))))
                .Select(r => r.Key).ShouldBe([role], type);
        }
    }

    private static IConfiguration Configuration() =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Jwt:SigningKey"] = ServiceHost.TestSigningKey }).Build();

    private static HostingEnvironment Environment(string name) => new() { EnvironmentName = name };
}

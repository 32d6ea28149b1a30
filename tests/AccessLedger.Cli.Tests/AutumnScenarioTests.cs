using System.Text.Json;
using AccessLedger.Cli.Tests.Infrastructure;
using AccessLedger.Tests.Infrastructure;
using Shouldly;

namespace AccessLedger.Cli.Tests;

/// <summary>Version 2 through the command line: the autumn of 2026 imported with <c>accessledger import</c>, its 41 questions asked with <c>check</c>.</summary>
public sealed class AutumnScenarioTests(AutumnScenarioFixture scenario) : IClassFixture<AutumnScenarioFixture>
{
    private readonly CliRunner _cli = scenario.Cli;

    public static TheoryData<string> QuestionIds() => new(Scenario.AutumnQuestions().Select(q => q.Q));

    [Theory]
    [MemberData(nameof(QuestionIds))]
    public async Task check_json_answers_every_autumn_question_as_expected(string id)
    {
        var q = Scenario.AutumnQuestions().Single(x => x.Q == id);

        var run = await _cli.RunAsync(["check", .. q.CheckArguments, "--json"]);

        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        using var answer = JsonDocument.Parse(run.Out);
        var root = answer.RootElement;
        root.GetProperty("decision").GetString().ShouldBe(q.Decision, $"{q.Q}: {run.Out}");
        root.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()).ShouldBe(q.Reasons, q.Q);
        root.GetProperty("activity").GetString().ShouldBe(q.Activity ?? "use");
        root.GetProperty("knowledge").GetString().ShouldBe(q.Knowledge ?? "recorded");
        root.GetProperty("checkpoint").GetProperty("position").GetInt64().ShouldBe(Scenario.Commands(Scenario.Autumn).Count);
    }

    [Fact]
    public async Task check_text_names_the_ownership_chain_behind_a_restricted_party()
    {
        var run = await _cli.RunAsync("check", "--model", "mythos-5-1", "--person", "omar", "--at", "2026-09-20T00:00:00Z");

        run.Exit.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Out.ShouldContain("\nrestricted_party: directive d4 (us-doc-bis, 15 CFR 744.11) bars the employees of shadowlab and of the organizations they own 50 % or more");
        run.Out.ShouldContain("org-harbor-ai v2");
        run.Out.ShouldContain("org-coastal-labs v2");
    }

    [Fact]
    public async Task a_wrong_knowledge_basis_is_refused_before_the_ledger_is_opened()
    {
        var run = await CliRunner.RunWithEnvironmentAsync(
            new Dictionary<string, string?>(), "check", "--model", "mythos-5-1", "--person", "lena", "--at", "2026-08-05T00:00:00Z", "--knowledge", "noticed");

        run.Exit.ShouldBe(ExitCodes.BadInput, run.ToString());
        run.Error.ShouldContain("--knowledge 'noticed' is not one of recorded, notice; did you mean 'notice'?");
    }
}

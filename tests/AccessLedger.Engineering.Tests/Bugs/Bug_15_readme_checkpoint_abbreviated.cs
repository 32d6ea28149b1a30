using System.Text.RegularExpressions;
using AccessLedger.Engineering.Tests.Infrastructure;
using AccessLedger.Tests.Infrastructure;
using Shouldly;

namespace AccessLedger.Engineering.Tests.Bugs;

/// <summary>
/// Issue 15: the README's `verify --checkpoint 21:57e209a5…` looked like a usable abbreviation, but the CLI refuses a
/// short hash. The README now shows a whole head; this keeps it the real head of the sample file.
/// </summary>
public sealed class Bug_15_readme_checkpoint_abbreviated
{
    [Fact]
    public async Task the_readme_verifies_against_the_whole_head_of_the_sample_file_imported_into_an_empty_ledger()
    {
        var checkpoints = Repository.ReadmeCommands("accessledger verify --checkpoint ")
            .Select(c => c["accessledger verify --checkpoint ".Length..].Split(' ')[0])
            .ToList();
        checkpoints.ShouldNotBeEmpty();
        checkpoints.ShouldAllBe(c => Regex.IsMatch(c, "^[0-9]+:[0-9a-f]{64}$"));

        await using var ledger = Ledger.Create(await TestDatabase.ConnectionStringAsync(), TestDatabase.UniqueSchema("readme"), TestDatabase.Clock());
        await ledger.EnsureSchemaAsync();
        await ledger.RecordBatchAsync(Scenario.Commands());
        var head = await ledger.GetHeadAsync();

        checkpoints.ShouldAllBe(c => c == $"{head.Position}:{head.Hash}");
    }
}

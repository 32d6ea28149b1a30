using AccessLedger.Events;
using AccessLedger.Tests.Infrastructure;
using AccessLedger.Wire;
using Npgsql;
using Shouldly;

namespace AccessLedger.Tests.Bugs;

/// <summary>
/// Issue 12, finding 2: a batch PostgreSQL rejected part-way left Marten's tombstone rows in <c>mt_events</c>, which
/// verify then reported as events inserted outside the ledger, for good (the guard forbids removing them). Here a
/// failure is injected at every table a write touches, in turn: each time nothing survives, verify holds, and the
/// retry is recorded.
/// </summary>
public sealed class Bug_12_failed_write_leaves_nothing(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    private static readonly DateTimeOffset June = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    // Every table of the ledger a write inserts into or updates, in the order the batch reaches them.
    private static readonly string[] Steps =
        ["mt_streams", "mt_events", "al_chain", "al_fact", "al_subject_fact"];

    private static IReadOnlyList<LedgerCommand> Batch(int round) =>
    [
        new(new OrganizationRegistered($"org{round}", "Org", "US", UsPerson: true, June)),
        new(new ModelRegistered($"model{round}", "prov", "Model", ModelAvailability.General, June)),
        new(new PersonEnrolled($"lena{round}", $"org{round}", ["DE"], UsPersonStatus.None, "US", June)),
    ];

    [Fact]
    public async Task a_failure_at_any_step_of_a_write_leaves_no_row_and_verify_intact()
    {
        var ledger = await fixture.NewLedgerAsync(TimeProvider.System);
        await ledger.RecordBatchAsync(Batch(0));
        await using var dataSource = NpgsqlDataSource.Create(fixture.ConnectionString);

        for (var round = 1; round <= Steps.Length; round++)
        {
            var step = Steps[round - 1];
            var before = await CountsAsync(dataSource, ledger.Schema);
            await ExecuteAsync(dataSource, $"""
                create or replace function {ledger.Schema}.injected_failure() returns trigger language plpgsql as $$ begin raise exception 'injected failure'; end $$;
                create trigger injected_failure before insert or update on {ledger.Schema}.{step} for each row execute function {ledger.Schema}.injected_failure();
                """);

            var failed = await Should.ThrowAsync<Exception>(() => ledger.RecordBatchAsync(Batch(round)), $"a failure injected into {step}");
            failed.ToString().ShouldContain("injected failure");
            await ExecuteAsync(dataSource, $"drop trigger injected_failure on {ledger.Schema}.{step}");

            // Marten posts its tombstones on another connection after the failure: give them time to arrive.
            await Task.Delay(500);
            (await CountsAsync(dataSource, ledger.Schema)).ShouldBe(before, $"rows survived a write that failed at {step}");
            var verified = await ledger.VerifyAsync(checkpoint: null, deep: true);
            verified.Problem.ShouldBeNull($"after a failure at {step}");
            verified.DerivedStateProblems.ShouldBeEmpty();

            await ledger.RecordBatchAsync(Batch(round));
        }

        (await ledger.VerifyAsync()).EventsChecked.ShouldBe(3 * (Steps.Length + 1));
    }

    [Fact]
    public async Task a_cancelled_write_leaves_no_row_and_verify_intact()
    {
        var ledger = await fixture.NewLedgerAsync(TimeProvider.System);
        await using var dataSource = NpgsqlDataSource.Create(fixture.ConnectionString);
        var before = await CountsAsync(dataSource, ledger.Schema);
        var big = Enumerable.Range(0, 2_000).SelectMany(Batch).ToList();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Should.ThrowAsync<OperationCanceledException>(() => ledger.RecordBatchAsync(big, cancellationToken: cancel.Token));

        await Task.Delay(500);
        (await CountsAsync(dataSource, ledger.Schema)).ShouldBe(before);
        (await ledger.VerifyAsync()).Intact.ShouldBeTrue();
    }

    private static async Task<string> CountsAsync(NpgsqlDataSource dataSource, string schema)
    {
        var counts = new List<string>();
        foreach (var table in Steps)
        {
            await using var command = dataSource.CreateCommand($"select count(*) from {schema}.{table}");
            counts.Add($"{table}={await command.ExecuteScalarAsync()}");
        }

        return string.Join(", ", counts);
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}

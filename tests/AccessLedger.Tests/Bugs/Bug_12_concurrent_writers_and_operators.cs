using AccessLedger.Decisions;
using AccessLedger.Events;
using AccessLedger.Tests.Infrastructure;
using AccessLedger.Wire;
using Shouldly;

namespace AccessLedger.Tests.Bugs;

/// <summary>
/// Issue 12, finding 5: every command ran DDL, so 6 of 16 concurrent imports failed with a deadlock or
/// "tuple concurrently updated", and operators' check/verify runs failed beside a service's writes.
/// </summary>
public sealed class Bug_12_concurrent_writers_and_operators(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    private static readonly DateTimeOffset June = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<LedgerCommand> Import(int n) =>
    [
        new(new OrganizationRegistered($"org{n}", "Org", "US", UsPerson: n % 2 == 0, June)),
        .. Enumerable.Range(0, 50).Select(i => new LedgerCommand(new PersonEnrolled($"p{n}-{i}", $"org{n}", ["DE"], UsPersonStatus.None, "US", June.AddMinutes(i)))),
    ];

    [Fact]
    public async Task sixteen_concurrent_imports_each_through_its_own_ledger_all_succeed()
    {
        var schema = (await fixture.NewLedgerAsync()).Schema;

        // As sixteen `accessledger import` processes would: each its own store, none running DDL.
        var imports = Enumerable.Range(0, 16).Select(n => Task.Run(async () =>
        {
            await using var ledger = Ledger.Create(fixture.ConnectionString, schema, TimeProvider.System);
            return await ledger.RecordBatchAsync(Import(n));
        })).ToArray();
        await Task.WhenAll(imports);

        await using var check = Ledger.Create(fixture.ConnectionString, schema, TimeProvider.System);
        var verified = await check.VerifyAsync(checkpoint: null, deep: true);
        (verified.Intact, verified.EventsChecked).ShouldBe((true, 16L * 51));
    }

    [Fact]
    public async Task migrations_decisions_audits_and_verifications_beside_a_write_load_never_fail()
    {
        var ledger = await fixture.NewLedgerAsync(TimeProvider.System);
        await ledger.RecordBatchAsync(
        [
            new(new ModelRegistered("mythos-5", "prov", "Mythos 5", ModelAvailability.General, June)),
            .. Import(0),
        ]);

        var writes = Task.Run(async () =>
        {
            for (var i = 0; i < 150; i++)
            {
                await ledger.RecordAsync(new LedgerCommand(new PersonRelocated($"p0-{i % 50}", i % 2 == 0 ? "GB" : "US", June.AddDays(1 + (i / 50)).AddMinutes(i))));
            }
        });
        var operators = Enumerable.Range(0, 4).Select(o => Task.Run(async () =>
        {
            await using var operatorLedger = Ledger.Create(fixture.ConnectionString, ledger.Schema, TimeProvider.System);
            while (!writes.IsCompleted)
            {
                await operatorLedger.EnsureSchemaAsync();
                (await operatorLedger.VerifyAsync()).Problem.ShouldBeNull();
                await operatorLedger.DecideAsync("mythos-5", Subject.Person($"p0-{o}"), June.AddDays(2));
                await operatorLedger.WhoCouldAccessAsync("mythos-5", June.AddDays(2));
            }
        })).ToArray();

        await Task.WhenAll([writes, .. operators]);
        (await ledger.VerifyAsync(checkpoint: null, deep: true)).Intact.ShouldBeTrue();
    }
}

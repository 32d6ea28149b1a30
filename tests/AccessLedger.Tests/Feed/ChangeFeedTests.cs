using AccessLedger.Events;
using AccessLedger.Tests.Infrastructure;
using AccessLedger.Wire;
using AccessLedger.Writes;
using Npgsql;
using Shouldly;

namespace AccessLedger.Tests.Feed;

/// <summary>The change feed on real PostgreSQL: catch-up from any position, live events, and a killed connection.</summary>
public sealed class ChangeFeedTests(LedgerFixture fixture) : IClassFixture<LedgerFixture>
{
    private static readonly DateTimeOffset June = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[] Places = ["GB", "DE", "US"];

    [Fact]
    public async Task the_feed_delivers_from_every_position_every_later_event_once_in_order()
    {
        var ledger = await fixture.NewLedgerAsync();
        await ledger.RecordBatchAsync(Infrastructure.Scenario.Commands());
        var all = await ledger.ReadEventsAsync().ToListAsync();

        for (var from = 0; from <= all.Count; from++)
        {
            var delivered = await TakeAsync(ledger.WatchAsync(from), all.Count - from);
            delivered.Select(e => e.Position).ShouldBe(Enumerable.Range(from + 1, all.Count - from).Select(p => (long)p));
            delivered.Select(e => e.Hash).ShouldBe(all.Skip(from).Select(e => e.Hash));
        }
    }

    [Fact]
    public async Task the_feed_follows_writes_as_they_commit()
    {
        var ledger = await fixture.NewLedgerAsync();
        await ledger.RecordBatchAsync(Infrastructure.Scenario.Commands());
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var feed = ledger.WatchAsync(21, cancellation.Token).GetAsyncEnumerator(cancellation.Token);

        var next = feed.MoveNextAsync().AsTask();
        await Task.Delay(200);
        next.IsCompleted.ShouldBeFalse("nothing was written after position 21");

        await ledger.RecordAsync(Relocation(0));
        (await next).ShouldBeTrue();
        feed.Current.Position.ShouldBe(22);
        feed.Current.Data.ShouldBeOfType<PersonRelocated>();
    }

    [Fact]
    public async Task a_killed_connection_is_reopened_and_every_position_is_delivered_once_in_order()
    {
        var ledger = await fixture.NewLedgerAsync();
        await ledger.RecordBatchAsync(Infrastructure.Scenario.Commands());
        const int writes = 60;
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < writes; i++)
            {
                await ledger.RecordAsync(Relocation(i), cancellation.Token);
                await Task.Delay(10, cancellation.Token);
            }
        });

        // The feed's connection is killed every 40 ms while it catches up and follows: mid-page, mid-wait, mid-reconnect.
        using var delivering = CancellationTokenSource.CreateLinkedTokenSource(cancellation.Token);
        var kills = 0;
        var killer = Task.Run(async () =>
        {
            while (!delivering.IsCancellationRequested)
            {
                kills += await KillFeedConnectionsAsync(ledger.Schema);
                await Task.Delay(40, CancellationToken.None);
            }
        });

        var delivered = new List<long>();
        await foreach (var e in ledger.WatchAsync(0, cancellation.Token))
        {
            delivered.Add(e.Position);
            if (e.Position == 21 + writes)
            {
                break;
            }
        }

        await delivering.CancelAsync();
        await Task.WhenAll(writer, killer);
        kills.ShouldBeGreaterThanOrEqualTo(3);
        delivered.ShouldBe(Enumerable.Range(1, 21 + writes).Select(p => (long)p));
    }

    private static LedgerCommand Relocation(int i) =>
        new(new PersonRelocated("lena", Places[i % Places.Length], June.AddDays(40 + i)), CommandId: $"feed-move-{i}");

    private static async Task<int> KillFeedConnectionsAsync(string schema)
    {
        await using var connection = new NpgsqlConnection(await TestDatabase.ConnectionStringAsync());
        await connection.OpenAsync();
        await using var kill = new NpgsqlCommand("select count(pg_terminate_backend(pid)) from pg_stat_activity where application_name = $1", connection)
        {
            Parameters = { new() { Value = $"{AccessLedger.Feed.ChangeFeed.ApplicationName} {schema}" } },
        };
        return Convert.ToInt32(await kill.ExecuteScalarAsync());
    }

    private static async Task<List<RecordedEvent>> TakeAsync(IAsyncEnumerable<RecordedEvent> feed, int count)
    {
        var taken = new List<RecordedEvent>();
        if (count == 0)
        {
            return taken;
        }

        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var e in feed.WithCancellation(cancellation.Token))
        {
            taken.Add(e);
            if (taken.Count == count)
            {
                break;
            }
        }

        return taken;
    }
}

using System.Diagnostics;
using AccessLedger.LocalPostgres;
using Npgsql;
using Shouldly;

namespace AccessLedger.Engineering.Tests.Bugs;

/// <summary>
/// Issue 15: eng/test.sh left a 45-140 MB /tmp/accessledger-pg-* folder per test assembly. The cluster was removed
/// by a ProcessExit handler, but `dotnet test` gives its test host about 100 ms to exit and then kills it: the
/// handler was cut off between stopping PostgreSQL and deleting the folder, or in the middle of the delete.
/// </summary>
public sealed class Bug_15_throwaway_clusters_left_in_tmp
{
    [Fact]
    public async Task a_throwaway_cluster_is_stopped_and_removed_when_the_process_that_started_it_is_killed()
    {
        var binaries = Binaries();
        using var owner = Process.Start(new ProcessStartInfo("sleep", "300") { UseShellExecute = false })!;
        var server = await PostgresServer.StartClusterAsync(binaries, owner.Id, CancellationToken.None);
        var directory = server.ClusterDirectory!;
        try
        {
            Directory.Exists(directory).ShouldBeTrue();
            (await AnswersAsync(server.ConnectionString)).ShouldBeTrue();

            owner.Kill();
            await owner.WaitForExitAsync();

            (await EventuallyAsync(() => !Directory.Exists(directory), TimeSpan.FromSeconds(30))).ShouldBeTrue($"{directory} is still there 30 s after its owner was killed");
            (await AnswersAsync(server.ConnectionString)).ShouldBeFalse("the cluster's server still answers");
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                await server.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task a_disposed_throwaway_cluster_leaves_no_folder_and_no_server()
    {
        var server = await PostgresServer.StartClusterAsync(Binaries(), Environment.ProcessId, CancellationToken.None);
        var directory = server.ClusterDirectory!;
        (await AnswersAsync(server.ConnectionString)).ShouldBeTrue();

        await server.DisposeAsync();

        Directory.Exists(directory).ShouldBeFalse();
        (await AnswersAsync(server.ConnectionString)).ShouldBeFalse();
    }

    private static string Binaries() =>
        PostgresServer.FindClusterBinaries()
        ?? throw new InvalidOperationException("these tests start throwaway clusters: install PostgreSQL's binaries (bash eng/ensure-postgres.sh, or apt-get install -y postgresql).");

    private static async Task<bool> AnswersAsync(string connectionString)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false;Timeout=5");
            await connection.OpenAsync();
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    private static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > within)
            {
                return false;
            }

            await Task.Delay(200);
        }

        return true;
    }
}

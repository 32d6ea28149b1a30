using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Testcontainers.PostgreSql;

namespace AccessLedger.LocalPostgres;

/// <summary>
/// A PostgreSQL server for tests, the demo and the benchmarks, found in this order:
/// <list type="number">
/// <item>a connection string in an environment variable (<c>ACCESSLEDGER_TEST_CONNECTION</c> for tests,
/// <c>ACCESSLEDGER_CONNECTION</c> for the demo);</item>
/// <item>a Testcontainers container, when a Docker engine answers;</item>
/// <item>a throwaway cluster made with the machine's <c>initdb</c> and <c>pg_ctl</c> on a free loopback port,
/// run as the <c>postgres</c> user when the process is root, and removed on dispose.</item>
/// </list>
/// When none works, <see cref="StartAsync"/> throws with a message that says what to install or set.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>The variable the test suites read.</summary>
    public const string TestVariable = "ACCESSLEDGER_TEST_CONNECTION";

    /// <summary>The variable the command line and the demo read.</summary>
    public const string AppVariable = "ACCESSLEDGER_CONNECTION";

    private readonly Func<ValueTask> _stop;

    private PostgresServer(string connectionString, string description, Func<ValueTask> stop, string? clusterDirectory = null)
    {
        ConnectionString = connectionString;
        Description = description;
        _stop = stop;
        ClusterDirectory = clusterDirectory;
    }

    /// <summary>The connection string to the server's <c>postgres</c> database.</summary>
    public string ConnectionString { get; }

    /// <summary>Where the server came from, for logs: the variable, the container or the cluster's folder.</summary>
    public string Description { get; }

    /// <summary>The folder of a throwaway cluster (data, socket, log); null for any other server.</summary>
    internal string? ClusterDirectory { get; }

    /// <summary>Finds or starts a server; <paramref name="log"/> hears what is being tried.</summary>
    public static async Task<PostgresServer> StartAsync(string variable, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        log ??= _ => { };
        var fromEnvironment = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            await EnsureReachableAsync(fromEnvironment, variable, cancellationToken).ConfigureAwait(false);
            return new PostgresServer(fromEnvironment, $"${variable}", () => ValueTask.CompletedTask);
        }

        var failures = new List<string>();
        if (DockerMayAnswer())
        {
            try
            {
                log("starting PostgreSQL in a container (Testcontainers)");
                var container = new PostgreSqlBuilder("postgres:15-alpine").Build();
                await container.StartAsync(cancellationToken).ConfigureAwait(false);
                return new PostgresServer(container.GetConnectionString(), "Testcontainers", () => container.DisposeAsync());
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures.Add($"Docker: {e.Message}");
            }
        }
        else
        {
            failures.Add("Docker: no engine answers (no DOCKER_HOST, no /var/run/docker.sock)");
        }

        var binaries = FindClusterBinaries();
        if (binaries is null)
        {
            failures.Add("local binaries: no initdb/pg_ctl under /usr/lib/postgresql/*/bin or on PATH");
            throw new InvalidOperationException(
                "No PostgreSQL could be found or started. Do one of these:\n" +
                $"  - set {variable} to a connection string, e.g. \"Host=127.0.0.1;Username=postgres;Password=...;Database=postgres\"\n" +
                "  - start a Docker engine (Testcontainers will run postgres:15-alpine)\n" +
                "  - install PostgreSQL's binaries: sudo apt-get install -y postgresql\n" +
                "What was tried:\n  " + string.Join("\n  ", failures));
        }

        log($"starting a throwaway PostgreSQL cluster with {binaries}");
        return await StartClusterAsync(binaries, Environment.ProcessId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The folder of the machine's <c>initdb</c> and <c>pg_ctl</c>, or null when there are none.</summary>
    internal static string? FindClusterBinaries() => LocalCluster.FindBinaries();

    /// <summary>
    /// Starts a throwaway cluster with the tools in <paramref name="binaries"/>. It is stopped and removed on
    /// dispose, and in any case once the process <paramref name="ownerProcessId"/> has ended, however it ended.
    /// </summary>
    internal static async Task<PostgresServer> StartClusterAsync(string binaries, int ownerProcessId, CancellationToken cancellationToken)
    {
        var cluster = await LocalCluster.StartAsync(binaries, ownerProcessId, cancellationToken).ConfigureAwait(false);
        return new PostgresServer(cluster.ConnectionString, $"local cluster in {cluster.DataDirectory}", cluster.StopAsync, cluster.DataDirectory);
    }

    /// <summary>
    /// A primary and a streaming hot standby of it, both throwaway clusters from the machine's binaries on loopback
    /// ports: the standby is a <c>pg_basebackup -R</c> of the primary, replaying its WAL as it streams. Tests of read
    /// replicas use it; pause the standby's replay with <c>select pg_wal_replay_pause()</c> on it to make it lag.
    /// Dispose both (the standby first); both are removed in any case once this process has ended.
    /// </summary>
    public static async Task<(PostgresServer Primary, PostgresServer Standby)> StartPrimaryAndStandbyAsync(Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        var binaries = FindClusterBinaries() ?? throw new InvalidOperationException(
            "A primary and a standby need PostgreSQL's binaries (initdb, pg_ctl, pg_basebackup) under /usr/lib/postgresql/*/bin or on PATH: sudo apt-get install -y postgresql");
        log?.Invoke($"starting a throwaway primary and a streaming standby with {binaries}");
        var primary = await LocalCluster.StartAsync(binaries, Environment.ProcessId, cancellationToken).ConfigureAwait(false);
        try
        {
            var standby = await primary.StartStandbyAsync(Environment.ProcessId, cancellationToken).ConfigureAwait(false);
            return (
                new PostgresServer(primary.ConnectionString, $"local primary in {primary.DataDirectory}", primary.StopAsync, primary.DataDirectory),
                new PostgresServer(standby.ConnectionString, $"local standby in {standby.DataDirectory}", standby.StopAsync, standby.DataDirectory));
        }
        catch
        {
            await primary.StopAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops and removes what <see cref="StartAsync"/> started; a server named by a variable is left alone.</summary>
    public ValueTask DisposeAsync() => _stop();

    private static bool DockerMayAnswer() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_HOST")) || File.Exists("/var/run/docker.sock");

    private static async Task EnsureReachableAsync(string connectionString, string variable, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException or SocketException)
        {
            throw new InvalidOperationException($"${variable} is set, but PostgreSQL there does not answer: {e.Message}", e);
        }
    }

    /// <summary>
    /// A cluster of our own, made and removed around one process. Removal does not rely on the process alone: a test
    /// host gets about 100 ms from <c>dotnet test</c> to exit before it is killed, too little to stop PostgreSQL and
    /// delete a 45-140 MB folder, so a detached watcher started with the cluster does it once the owner has gone.
    /// </summary>
    private sealed class LocalCluster
    {
        private LocalCluster(string bin, string dataDirectory, int port, bool asPostgresUser)
        {
            Bin = bin;
            DataDirectory = dataDirectory;
            Port = port;
            AsPostgresUser = asPostgresUser;
        }

        private string Bin { get; }
        public string DataDirectory { get; }
        private int Port { get; }
        private bool AsPostgresUser { get; }

        public string ConnectionString =>
            $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=40;Include Error Detail=true";

        public static string? FindBinaries()
        {
            var candidates = Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql")
                    .Select(d => Path.Combine(d, "bin"))
                    .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                : Enumerable.Empty<string>();
            var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
            return candidates.Concat(onPath).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
        }

        public static async Task<LocalCluster> StartAsync(string bin, int ownerProcessId, CancellationToken cancellationToken)
        {
            var cluster = await PrepareAsync(bin, ownerProcessId, cancellationToken).ConfigureAwait(false);
            await cluster.RunToolAsync("initdb", ["-D", cluster.Data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions"], cancellationToken).ConfigureAwait(false);
            await cluster.ServeAsync(cancellationToken).ConfigureAwait(false);
            return cluster;
        }

        // A streaming hot standby of this cluster: a base backup that writes its own standby.signal and primary_conninfo.
        public async Task<LocalCluster> StartStandbyAsync(int ownerProcessId, CancellationToken cancellationToken)
        {
            var standby = await PrepareAsync(Bin, ownerProcessId, cancellationToken).ConfigureAwait(false);
            await standby.RunToolAsync(
                "pg_basebackup",
                ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "-D", standby.Data, "-R", "-X", "stream", "-c", "fast", "--no-sync"],
                cancellationToken).ConfigureAwait(false);
            await standby.ServeAsync(cancellationToken).ConfigureAwait(false);
            return standby;
        }

        private string Data => Path.Combine(DataDirectory, "data");

        // A folder (owned by postgres when we are root) and a free port, watched from the start.
        private static async Task<LocalCluster> PrepareAsync(string bin, int ownerProcessId, CancellationToken cancellationToken)
        {
            var asPostgresUser = Environment.UserName == "root";
            var dataDirectory = Path.Combine(Path.GetTempPath(), $"accessledger-pg-{Guid.NewGuid():N}"[..30]);
            Directory.CreateDirectory(dataDirectory);
            var cluster = new LocalCluster(bin, dataDirectory, FreePort(), asPostgresUser);
            await cluster.WatchAsync(ownerProcessId, cancellationToken).ConfigureAwait(false);
            if (asPostgresUser)
            {
                // PostgreSQL refuses to run as root.
                await RunAsync("chown", ["postgres:postgres", dataDirectory], asUser: false, cancellationToken).ConfigureAwait(false);
            }

            return cluster;
        }

        private async Task ServeAsync(CancellationToken cancellationToken)
        {
            var settings = $"-p {Port} -k {DataDirectory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
            await RunToolAsync("pg_ctl", ["-D", Data, "-o", settings, "-l", Path.Combine(DataDirectory, "server.log"), "-w", "-t", "60", "start"], cancellationToken).ConfigureAwait(false);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAtExit();
        }

        // The watcher: waits for the owner to end, then stops the server (if it runs) and deletes the folder. It
        // lives in a session of its own (setsid --fork), so neither a kill of the owner's process tree nor a Ctrl-C
        // in the owner's terminal reaches it, and it holds none of the owner's output pipes.
        private const string Watcher = """
            exec </dev/null >/dev/null 2>&1
            owner=$1; directory=$2; shift 2
            while kill -0 "$owner"; do sleep 0.5; done
            "$@" -D "$directory/data" -m immediate -w stop
            rm -rf "$directory"
            """;

        private Task WatchAsync(int ownerProcessId, CancellationToken cancellationToken)
        {
            IReadOnlyList<string> pgCtl = AsPostgresUser ? ["runuser", "-u", "postgres", "--", Path.Combine(Bin, "pg_ctl")] : [Path.Combine(Bin, "pg_ctl")];
            return RunAsync("setsid", ["--fork", "/bin/sh", "-c", Watcher, "accessledger-pg-watcher", ownerProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), DataDirectory, .. pgCtl], asUser: false, cancellationToken);
        }

        private int _stopped;

        public async ValueTask StopAsync()
        {
            // Stopped already, here or by the watcher (a cluster made for another owner).
            if (Interlocked.Exchange(ref _stopped, 1) == 1 || !Directory.Exists(DataDirectory))
            {
                return;
            }

            try
            {
                await RunToolAsync("pg_ctl", ["-D", Path.Combine(DataDirectory, "data"), "-m", "immediate", "-w", "stop"], CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
        }

        // As far as the exiting process is given time; the watcher finishes what is cut off or fails here.
        private void StopAtExit()
        {
            try
            {
                StopAsync().AsTask().GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"the PostgreSQL cluster in {DataDirectory} is left to its watcher: {e.Message}");
            }
        }

        private Task RunToolAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
            AsPostgresUser
                ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(Bin, tool), .. arguments], asUser: true, cancellationToken)
                : RunAsync(Path.Combine(Bin, tool), arguments, asUser: false, cancellationToken);

        private static async Task RunAsync(string file, IReadOnlyList<string> arguments, bool asUser, CancellationToken cancellationToken)
        {
            var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            if (asUser)
            {
                // runuser keeps the environment; a root-only HOME would make the tools complain.
                start.Environment["HOME"] = Path.GetTempPath();
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"{file} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}:\n{await output.ConfigureAwait(false)}{await error.ConfigureAwait(false)}");
            }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}

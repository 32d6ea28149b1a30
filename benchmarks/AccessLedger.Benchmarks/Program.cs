using System.Globalization;
using System.Runtime.InteropServices;
using AccessLedger.Benchmarks.Generation;
using AccessLedger.Benchmarks.Micro;
using AccessLedger.Benchmarks.Scaling;
using AccessLedger.LocalPostgres;
using AccessLedger.Rules;
using AccessLedger.Timelines;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Npgsql;

// benchmarks/README.md explains the modes:
//   micro [BenchmarkDotNet options]      Decider.Decide and TimelineSet.Apply (ShortRun, in process)
//   anatomy                              where a batch import's and a single write's time goes (round trips)
//   generate N                           generates N events and checks them against the write rules in memory
//   edge [--events N] [--seconds S]      decisions on the primary, a streaming standby and the cache; flips; replay lag
//   proofs [--sizes a,b]                 the Merkle tree's share of an import, proofs against decisions, signing
//   [scale] [--full] [--sizes a,b] [--out DIR]   the PostgreSQL scaling harness (default 10^3 and 10^4)
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

var mode = args.FirstOrDefault() ?? "scale";
switch (mode)
{
    case "micro":
        var rest = args.Skip(1).ToArray();
        var config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
        BenchmarkSwitcher.FromTypes([typeof(DecideBenchmarks), typeof(ApplyBenchmarks), typeof(ChainBenchmarks), typeof(TreeBenchmarks), typeof(ProofBenchmarks)])
            .Run(rest.Contains("--filter") ? rest : [.. rest, "--filter", "*"], config);
        return 0;
    case "anatomy":
        await using (var server = await PostgresServer.StartAsync(PostgresServer.AppVariable, Log, cancellation.Token))
        {
            await WriteAnatomy.RunAsync(server.ConnectionString, Log, cancellation.Token);
        }

        return 0;
    case "edge":
        return await AccessLedger.Benchmarks.Edge.EdgeHarness.RunAsync(args.Skip(1).ToArray(), Log, cancellation.Token);
    case "generate":
        return CheckGenerator(int.Parse(args[1], CultureInfo.InvariantCulture));
    case "proofs":
        await using (var server = await PostgresServer.StartAsync(PostgresServer.AppVariable, Log, cancellation.Token))
        {
            var sizes = args.Length > 2 && args[1] == "--sizes" ? args[2].Split(',').Select(s => (int)double.Parse(s, CultureInfo.InvariantCulture)).ToList() : [1_000, 10_000];
            var rows = new List<string> { "| events | import events/s | tree work alone (share of import) | decision p50 ms | with proof p50 ms | asked again p50 ms | bundle bytes | path hashes | signatures/s |", "|---:|---:|---:|---:|---:|---:|---:|---:|---:|" };
            foreach (var size in sizes.Order())
            {
                rows.Add(await ProofCost.RunAsync(server.ConnectionString, size, Log, cancellation.Token));
            }

            Console.WriteLine(string.Join(Environment.NewLine, rows));
        }

        return 0;
    default:
        return await ScaleAsync(mode == "scale" ? args.Skip(1).ToArray() : args, cancellation.Token);
}

static int CheckGenerator(int events)
{
    var ledger = LedgerGenerator.Generate(events);
    var set = new TimelineSet();
    var index = 0;
    foreach (var (e, at) in ledger.WithRefs())
    {
        try
        {
            WriteRules.Check(FieldRules.Check(e), set);
        }
        catch (LedgerRuleException error)
        {
            Console.Error.WriteLine($"event {index} ({at.Type}) breaks a rule: {error.Message}");
            return 1;
        }

        set.Apply(e, at);
        index++;
    }

    Console.WriteLine(ledger.Shape);
    foreach (var group in ledger.Commands.GroupBy(c => AccessLedger.Events.EventCatalog.WireNameOf(c.Event)).OrderByDescending(g => g.Count()))
    {
        Console.WriteLine($"  {group.Key,-28} {group.Count(),9:N0}");
    }

    var retroactive = ledger.Commands.Count(c => c.Event.ValidFrom < c.RecordedAt!.Value.AddDays(-2));
    Console.WriteLine($"  validFrom more than 2 days before recordedAt: {retroactive:N0}; after it: {ledger.Commands.Count(c => c.Event.ValidFrom > c.RecordedAt!.Value):N0}");
    return 0;
}

static async Task<int> ScaleAsync(string[] args, CancellationToken cancellationToken)
{
    var sizes = new List<int> { 1_000, 10_000 };
    var output = Path.Combine("benchmarks", "results");
    for (var i = 0; i < args.Length; i++)
    {
        switch (args[i])
        {
            case "--full":
                sizes = [1_000, 10_000, 100_000, 1_000_000];
                break;
            case "--sizes":
                sizes = args[++i].Split(',').Select(s => (int)double.Parse(s, CultureInfo.InvariantCulture)).ToList();
                break;
            case "--out":
                output = args[++i];
                break;
            default:
                Console.Error.WriteLine($"unknown option {args[i]}; use [--full] [--sizes 1000,10000,100000] [--out DIR]");
                return 2;
        }
    }

    await using var server = await PostgresServer.StartAsync(PostgresServer.AppVariable, Log, cancellationToken);
    var machine = await MachineAsync(server, cancellationToken);
    Log(machine);
    var date = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    var stem = "";
    var harness = new ScalingHarness(server.ConnectionString, Log);
    await harness.WarmUpAsync(cancellationToken);
    var results = new List<SizeResult>();
    foreach (var size in sizes.Order())
    {
        results.Add(await harness.RunAsync(size, cancellationToken));

        // Written after every size, named by the largest so far: a long run that is stopped keeps what it measured.
        stem = $"{date}-{ScalingHarness.Label(size)}";
        Report.Write(output, stem, machine, results);
    }

    foreach (var row in Report.Targets(results))
    {
        Log($"{row.Target} ({row.Goal}): {string.Join("; ", row.Cells.OrderBy(c => c.Key).Select(c => $"{c.Key:N0}: {c.Value}"))} — met: {row.Met}");
    }

    Log($"results: {Path.Combine(output, stem)}.md, .json, .png");
    return 0;
}

static async Task<string> MachineAsync(PostgresServer server, CancellationToken cancellationToken)
{
    await using var dataSource = NpgsqlDataSource.Create(server.ConnectionString);
    await using var command = dataSource.CreateCommand("select version()");
    var postgres = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    var cpu = File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
        : null;
    var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
    return string.Create(CultureInfo.InvariantCulture,
        $"Machine: {Environment.ProcessorCount} cores ({cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}), {memory:N0} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; {postgres.Split(" on ")[0]} ({server.Description}).");
}

static void Log(string message) => Console.WriteLine($"{TimeProvider.System.GetLocalNow():HH:mm:ss} {message}");

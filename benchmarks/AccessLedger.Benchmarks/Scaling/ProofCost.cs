using System.Diagnostics;
using System.Globalization;
using System.Text;
using AccessLedger.Benchmarks.Generation;
using AccessLedger.Chain;
using AccessLedger.Chain.Checkpoints;
using AccessLedger.Chain.Merkle;
using AccessLedger.Decisions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace AccessLedger.Benchmarks.Scaling;

/// <summary>
/// What the Merkle tree and proofs cost (issue 17; docs/proofs.md, "Cost"), per ledger size: the tree's share of a
/// bulk import, proofs with a decision against the decision alone, proof size, and checkpoint signing.
/// </summary>
/// <remarks>
/// The tree's share of an import is measured by doing its work again, timed on its own, for the imported ledger:
/// for each batch of 5,000 events, the edge query of the write path, the leaf hashes of the events' canonical bytes,
/// the merges, and the insert of the subtrees into a table like <c>al_merkle</c>, in a transaction. The import itself
/// (which did all of that once, inside its own batches) is the denominator.
/// </remarks>
internal static class ProofCost
{
    private const int BatchSize = 5_000;

    public static async Task<string> RunAsync(string connectionString, int events, Action<string> log, CancellationToken cancellationToken)
    {
        var label = ScalingHarness.Label(events);
        var data = LedgerGenerator.Generate(events);
        var schema = $"bench_proofs_{label}";
        await using var admin = NpgsqlDataSource.Create(connectionString);
        await ExecuteAsync(admin, $"drop schema if exists {schema} cascade", cancellationToken).ConfigureAwait(false);
        await using var ledger = Ledger.Create(connectionString, schema, new FakeTimeProvider(LedgerGenerator.Clock));
        await ledger.EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);

        var started = Stopwatch.GetTimestamp();
        for (var offset = 0; offset < data.Commands.Count; offset += BatchSize)
        {
            await ledger.RecordBatchAsync(data.Commands.Skip(offset).Take(BatchSize).ToList(), null, cancellationToken).ConfigureAwait(false);
        }

        var import = Stopwatch.GetElapsedTime(started);
        log($"[{label}] import: {import.TotalSeconds:N1} s, {events / import.TotalSeconds:N0} events/s");
        await ExecuteAsync(admin, "analyze", cancellationToken).ConfigureAwait(false);

        var tree = await TreeWorkAsync(admin, schema, cancellationToken).ConfigureAwait(false);
        log($"[{label}] tree work again, alone: {tree.TotalSeconds:N2} s = {100 * tree / import:N1} % of the import");

        using var signer = CheckpointSigner.FromKeyText(CheckpointSigner.Generate("bench.example/ledger").SigningKey);
        ledger.CheckpointSigner = signer;
        var random = new Random(events);
        var questions = Enumerable.Range(0, 300).Select(_ => Question.Now(random, data)).ToList();
        var warmup = Enumerable.Range(0, 30).Select(_ => Question.Now(random, data)).ToList();
        var proofs = new List<string>();
        Task Decide(Question q) => ledger.DecideAsync(q.Model, Subject.Person(q.Person), q.At, q.KnownAt, cancellationToken);
        async Task Prove(Question q) => proofs.Add((await ledger.DecideWithProofAsync(q.Model, Subject.Person(q.Person), q.At, q.KnownAt, cancellationToken).ConfigureAwait(false)).Proof!);
        foreach (var q in warmup)
        {
            await Decide(q).ConfigureAwait(false);
            await Prove(q).ConfigureAwait(false);
        }

        // Each question is asked with and without its proof one after the other (in turns, which first), so both see the
        // same load; the first pass finds most pieces of each proof outside the ledger's cache (other questions cite other
        // events), the second asks the same questions again, every piece of their proofs now cached (docs/proofs.md, "Cost").
        var (decide, prove) = await PairedAsync(questions, Decide, Prove).ConfigureAwait(false);
        var (decideAgain, again) = await PairedAsync(questions, Decide, Prove).ConfigureAwait(false);
        var bundleBytes = proofs.Select(p => Encoding.UTF8.GetByteCount(p)).ToList();
        var pathHashes = proofs.Select(p => System.Text.Json.Nodes.JsonNode.Parse(p)!["events"]!.AsArray().Select(e => e!["inclusionPath"]!.AsArray().Count).DefaultIfEmpty(0).Max()).ToList();
        var invalid = proofs.Count(p => !ProofVerifier.Verify(p, signer.VerifierKey).IsValid);
        log($"[{label}] {proofs.Count} proofs verified offline: {invalid} invalid");
        log($"[{label}] decision {decide}; with proof {prove}: {Percent(prove.P50, decide.P50)} at p50; asked again {again} against {decideAgain}: {Percent(again.P50, decideAgain.P50)}; bundle {bundleBytes.Average():N0} bytes on average, inclusion paths of {pathHashes.Max()} hashes at most (log2 n = {Math.Log2(events):N1})");

        var signing = Stopwatch.GetTimestamp();
        const int Signatures = 2_000;
        var root = new byte[MerkleHash.Size];
        for (var i = 0; i < Signatures; i++)
        {
            signer.Sign(new Checkpoint(signer.Name, i, root));
        }

        var rate = Signatures / Stopwatch.GetElapsedTime(signing).TotalSeconds;
        log($"[{label}] checkpoint signing: {rate:N0} per second");
        return string.Create(CultureInfo.InvariantCulture,
            $"| {events:N0} | {events / import.TotalSeconds:N0} | {tree.TotalSeconds:N2} s ({100 * tree / import:N1} %) | {decide.P50:0.###} | {prove.P50:0.###} ({Percent(prove.P50, decide.P50)}) | {again.P50:0.###} ({Percent(again.P50, decideAgain.P50)}) | {bundleBytes.Average():N0} | {pathHashes.Max()} | {rate:N0} |");
    }

    /// <summary>Times <paramref name="first"/> and <paramref name="second"/> for each question, one after the other, in turns which first.</summary>
    private static async Task<(Latency First, Latency Second)> PairedAsync(List<Question> questions, Func<Question, Task> first, Func<Question, Task> second)
    {
        var (a, b) = (new List<double>(), new List<double>());
        for (var i = 0; i < questions.Count; i++)
        {
            foreach (var (action, times) in i % 2 == 0 ? [(first, a), (second, b)] : new[] { (second, b), (first, a) })
            {
                var started = Stopwatch.GetTimestamp();
                await action(questions[i]).ConfigureAwait(false);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        return (Latency.Of(a), Latency.Of(b));
    }

    private static string Percent(double with, double without) => string.Create(CultureInfo.InvariantCulture, $"{100 * ((with / without) - 1):+0;-0} %");

    /// <summary>The tree's part of the import, done again for the imported events and timed alone (see the class).</summary>
    private static async Task<TimeSpan> TreeWorkAsync(NpgsqlDataSource admin, string schema, CancellationToken cancellationToken)
    {
        var canonical = new List<byte[]>();
        await using (var read = admin.CreateCommand($"select e.type, e.data, e.stream_id, e.version, e.headers from {schema}.al_chain c join {schema}.mt_events e on e.id = c.event_id order by c.position"))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                canonical.Add(ChainHasher.CanonicalOfStored(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4))!);
            }
        }

        var scratch = $"{schema}.bench_merkle";
        await ExecuteAsync(admin, $"create table {scratch} (level int, idx bigint, hash bytea not null, primary key (level, idx))", cancellationToken).ConfigureAwait(false);
        var edge = new CompactRange();
        var elapsed = TimeSpan.Zero;
        for (var offset = 0; offset < canonical.Count; offset += BatchSize)
        {
            var started = Stopwatch.GetTimestamp();
            await using var connection = await admin.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var edgeRead = new NpgsqlCommand(MerkleNodes.EdgeSql(schema, offset.ToString(CultureInfo.InvariantCulture)), connection, transaction))
            {
                await edgeRead.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            var (levels, indexes, hashes) = MerkleNodes.Append(edge, canonical.Skip(offset).Take(BatchSize).Select(c => MerkleHash.Leaf(c)));
            await using (var insert = new NpgsqlCommand($"insert into {scratch} (level, idx, hash) select * from unnest($1::int[], $2::bigint[], $3::bytea[])", connection, transaction))
            {
                insert.Parameters.Add(new() { Value = levels.ToArray() });
                insert.Parameters.Add(new() { Value = indexes.ToArray() });
                insert.Parameters.Add(new() { Value = hashes.ToArray() });
                await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            elapsed += Stopwatch.GetElapsedTime(started);
        }

        return elapsed;
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}

namespace AccessLedger.Benchmarks.Scaling;

/// <summary>Everything measured on one ledger size, in one run.</summary>
internal sealed record SizeResult
{
    public required int Events { get; init; }

    public required string Shape { get; init; }

    /// <summary>Ledger.RecordBatchAsync: judged, chained, fact rows written with the events.</summary>
    public required double ImportEventsPerSecond { get; init; }

    /// <summary>The memory the import took in this process.</summary>
    public required MemoryUse ImportMemory { get; init; }

    /// <summary>The same events through a plain Marten store: quick append, no projection, no headers.</summary>
    public required double RawMartenEventsPerSecond { get; init; }

    /// <summary>The same rows by Npgsql binary COPY into a table without indexes.</summary>
    public required double CopyRowsPerSecond { get; init; }

    public required Latency DecideNow { get; init; }

    public required Latency DecidePast { get; init; }

    public required Latency DecideAll { get; init; }

    public required Latency ReplayNow { get; init; }

    public required Latency ReplayPast { get; init; }

    /// <summary>One person's enrolment row of <c>al_subject_fact</c> by index with Npgsql: the floor of any read.</summary>
    public required Latency IndexedRead { get; init; }

    /// <summary>EXPLAIN (ANALYZE, BUFFERS) of the indexed read.</summary>
    public required string IndexedReadPlan { get; init; }

    /// <summary>Whether that plan is an index scan (no sequential scan): otherwise it is no floor.</summary>
    public required bool IndexedReadIsIndexScan { get; init; }

    public required Latency WriteOne { get; init; }

    public required Latency RawAppendOne { get; init; }

    /// <summary>Ledger.RebuildFactsAsync: events of the ledger per second of the rebuild.</summary>
    public required double RebuildEventsPerSecond { get; init; }

    /// <summary>The fact rows (<c>al_fact</c> and <c>al_subject_fact</c>) the rebuild wrote.</summary>
    public required long RebuildFactRows { get; init; }

    /// <summary>Decisions that differed after the rebuild (must be 0).</summary>
    public required int RebuildMismatches { get; init; }

    public required string WhoMethod { get; init; }

    public required int WhoPersons { get; init; }

    public required double WhoMilliseconds { get; init; }

    /// <summary>The memory of the timed "who" runs (allocations per run, peaks over all of them).</summary>
    public required MemoryUse WhoMemory { get; init; }

    /// <summary>Answers of "who" that differ from one decision each, of 50 persons and 10 organization classes (must be 0).</summary>
    public required int WhoMismatches { get; init; }

    /// <summary>Replayed decisions that differed from the ledger's (must be 0).</summary>
    public required int ReplayMismatches { get; init; }

    public required double AllowedShare { get; init; }

    /// <summary>
    /// Mean bytes of the rows a decision's statements return (pg_column_size of each row, the events' JSON
    /// included), over 25 decisions at K = now and 25 in the past (<see cref="DecisionReads"/>).
    /// </summary>
    public required double DecisionBytes { get; init; }

    /// <summary>The largest of those.</summary>
    public required double DecisionBytesMax { get; init; }

    /// <summary>Mean rows a decision's statements return.</summary>
    public required double DecisionRows { get; init; }

    /// <summary>Mean bytes the client read from the socket per decision (NaN when Npgsql does not report it).</summary>
    public required double DecisionWireBytes { get; init; }

    /// <summary>The decision batch's statements with EXPLAIN (ANALYZE, BUFFERS) of each.</summary>
    public required string DecisionQueryPlan { get; init; }

    /// <summary>The machine's load averages (1, 5, 15 minutes) when the size was done: the cores are shared.</summary>
    public required string LoadAverage { get; init; }
}

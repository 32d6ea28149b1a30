namespace AccessLedger.Benchmarks.Scaling;

/// <summary>Everything measured on one ledger size, in one run.</summary>
internal sealed record SizeResult
{
    public required int Events { get; init; }

    public required string Shape { get; init; }

    /// <summary>Ledger.RecordBatchAsync: validated, projected inline, chained.</summary>
    public required double ImportEventsPerSecond { get; init; }

    /// <summary>The same events through a plain Marten store: quick append, no projection, no headers.</summary>
    public required double RawMartenEventsPerSecond { get; init; }

    /// <summary>The same rows by Npgsql binary COPY into a table without indexes.</summary>
    public required double CopyRowsPerSecond { get; init; }

    public required Latency DecideNow { get; init; }

    public required Latency DecidePast { get; init; }

    public required Latency DecideAll { get; init; }

    public required Latency ReplayNow { get; init; }

    public required Latency ReplayPast { get; init; }

    /// <summary>One timeline document by primary key with Npgsql: the floor of any read.</summary>
    public required Latency IndexedRead { get; init; }

    public required Latency WriteOne { get; init; }

    public required Latency RawAppendOne { get; init; }

    public required double RebuildEventsPerSecond { get; init; }

    /// <summary>Decisions that differed after the rebuild (must be 0).</summary>
    public required int RebuildMismatches { get; init; }

    public required string WhoMethod { get; init; }

    public required int WhoPersons { get; init; }

    public required double WhoMilliseconds { get; init; }

    /// <summary>Replayed decisions that differed from the ledger's (must be 0).</summary>
    public required int ReplayMismatches { get; init; }

    public required double AllowedShare { get; init; }

    /// <summary>Mean size of the JSON a decision reads, in bytes.</summary>
    public required double DecisionStateBytes { get; init; }

    public required string DecisionQueryPlan { get; init; }

    /// <summary>The machine's load averages (1, 5, 15 minutes) when the size was done: the cores are shared.</summary>
    public required string LoadAverage { get; init; }
}

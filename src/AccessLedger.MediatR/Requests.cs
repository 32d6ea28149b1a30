using AccessLedger.Decisions;
using AccessLedger.Wire;
using AccessLedger.Writes;
using MediatR;

namespace AccessLedger.MediatR;

/// <summary>Record one event of the contract (<see cref="Ledger.RecordAsync"/>).</summary>
/// <param name="Command">The event and its envelope.</param>
public sealed record RecordEvent(LedgerCommand Command) : IRequest<RecordResult>;

/// <summary>Record a batch of events atomically, in order: all or nothing (<see cref="Ledger.RecordBatchAsync"/>).</summary>
/// <param name="Commands">The events and their envelopes.</param>
public sealed record RecordEvents(IReadOnlyList<LedgerCommand> Commands) : IRequest<BatchResult>;

/// <summary>
/// May <paramref name="Subject"/> do <paramref name="Activity"/> with <paramref name="ModelId"/> at valid time
/// <paramref name="At"/>, as known at <paramref name="KnownAt"/> on the <paramref name="Knowledge"/> basis?
/// (<see cref="Ledger.DecideAsync(DecisionQuestion, CancellationToken)"/>).
/// </summary>
/// <param name="ModelId">The model.</param>
/// <param name="Subject">An enrolled person, or ad-hoc attributes.</param>
/// <param name="At">Valid time T.</param>
/// <param name="KnownAt">Knowledge time K; null for "as known now".</param>
/// <param name="Activity">The activity (LEDGER.md section 7.1); <c>use</c> when not named.</param>
/// <param name="Knowledge">What "known at K" means (LEDGER.md section 7.2): recorded by the ledger (the default) or on notice from the public record.</param>
public sealed record MayUse(
    string ModelId, Subject Subject, DateTimeOffset At, DateTimeOffset? KnownAt = null, string Activity = Activities.Use, KnowledgeBasis Knowledge = KnowledgeBasis.Recorded) : IRequest<Decision>;

/// <summary>Which events had the ledger recorded by <paramref name="KnownAt"/>? Streamed oldest first (<see cref="Ledger.ReadEventsAsync"/>).</summary>
/// <param name="KnownAt">Knowledge time K; null for everything.</param>
/// <param name="Stream">Only this stream, when given.</param>
/// <param name="After">Only events past this ledger position (0: from the first), for paging.</param>
/// <param name="Limit">At most this many events; all when null.</param>
public sealed record EventsKnownAt(DateTimeOffset? KnownAt = null, string? Stream = null, long After = 0, int? Limit = null) : IStreamRequest<RecordedEvent>;

/// <summary>
/// Published once for every event the ledger recorded, after its transaction committed, in ledger order; never for
/// a rejected or rolled-back write, never for an idempotent repeat.
/// </summary>
/// <param name="Event">The event as stored.</param>
public sealed record LedgerEventRecorded(RecordedEvent Event) : INotification;

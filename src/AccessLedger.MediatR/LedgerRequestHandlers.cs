using AccessLedger.Decisions;
using AccessLedger.Writes;
using MediatR;

namespace AccessLedger.MediatR;

/// <summary>Answers the requests with the registered <see cref="Ledger"/>.</summary>
internal sealed class LedgerRequestHandlers(Ledger ledger) :
    IRequestHandler<RecordEvent, RecordResult>,
    IRequestHandler<RecordEvents, BatchResult>,
    IRequestHandler<MayUse, Decision>,
    IStreamRequestHandler<EventsKnownAt, RecordedEvent>
{
    public Task<RecordResult> Handle(RecordEvent request, CancellationToken cancellationToken) =>
        ledger.RecordAsync(request.Command, cancellationToken);

    public Task<BatchResult> Handle(RecordEvents request, CancellationToken cancellationToken) =>
        ledger.RecordBatchAsync(request.Commands, progress: null, cancellationToken);

    public Task<Decision> Handle(MayUse request, CancellationToken cancellationToken) =>
        ledger.DecideAsync(new DecisionQuestion(request.ModelId, request.Subject, request.At) { KnownAt = request.KnownAt, Activity = request.Activity, Knowledge = request.Knowledge }, cancellationToken);

    public IAsyncEnumerable<RecordedEvent> Handle(EventsKnownAt request, CancellationToken cancellationToken) =>
        ledger.ReadEventsAsync(request.KnownAt, request.Stream, request.After, request.Limit, cancellationToken);
}

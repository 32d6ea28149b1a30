using AccessLedger.Events;
using AccessLedger.Timelines;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;

namespace AccessLedger.Storage;

/// <summary>
/// Keeps the timeline documents (and the rows of <see cref="SubjectFacts"/>) from the events: inline, so a decision
/// right after a write sees it, and rebuildable by Marten's projection daemon from the raw events.
/// </summary>
/// <param name="schema">The ledger's schema, where the projection also keeps the facts of persons and organizations as rows.</param>
public sealed class TimelineProjection(string schema) : IProjection
{
    /// <summary>The projection's name for Marten's daemon.</summary>
    public const string Name = nameof(TimelineProjection);

    /// <summary>
    /// The timelines a ledger write has already folded while judging its events: the inline pass stores them
    /// instead of loading and folding the same documents a second time. Rebuilds have none and fold from scratch.
    /// </summary>
    internal static AsyncLocal<TimelineSet?> Folded { get; } = new();

    /// <inheritdoc />
    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        SubjectFacts.Queue(operations, schema, events);
        if (Folded.Value is { } folded)
        {
            folded.StoreChanged(operations);
            return;
        }

        var ledgerEvents = events.Where(e => e.Data is ILedgerEvent).ToList();
        var set = await TimelineSet.LoadAsync(operations, ledgerEvents.Select(e => (ILedgerEvent)e.Data), cancellation).ConfigureAwait(false);
        foreach (var e in ledgerEvents)
        {
            set.Apply((ILedgerEvent)e.Data, RefOf(e));
        }

        set.StoreChanged(operations);
    }

    /// <summary>The reference of a stored event, from its Marten envelope and the ledger's headers.</summary>
    public static EventRef RefOf(IEvent e) => new(
        e.StreamKey!,
        e.Version,
        e.EventTypeName,
        HeaderInstant(e, LedgerSchema.RecordedAtHeader),
        ((ILedgerEvent)e.Data).ValidFrom,
        long.Parse(Header(e, LedgerSchema.PositionHeader), System.Globalization.CultureInfo.InvariantCulture));

    private static string Header(IEvent e, string name) =>
        e.GetHeader(name)?.ToString() ?? throw new InvalidOperationException($"event {e.Id} on {e.StreamKey} has no '{name}' header: it was not written by the ledger.");

    private static DateTimeOffset HeaderInstant(IEvent e, string name) =>
        DateTimeOffset.Parse(Header(e, name), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal).ToUniversalTime();
}

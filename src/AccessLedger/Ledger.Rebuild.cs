using AccessLedger.Storage;
using AccessLedger.Timelines;
using JasperFx.Events.Daemon;

namespace AccessLedger;

public sealed partial class Ledger
{
    /// <summary>The document types the timeline projection keeps.</summary>
    public static IReadOnlyList<Type> TimelineTypes { get; } =
    [
        typeof(ModelTimeline), typeof(DirectiveTimeline), typeof(ExceptionTimeline), typeof(SafeguardTimeline),
        typeof(SuspensionTimeline), typeof(NegotiationTimeline), typeof(OrganizationTimeline), typeof(PersonTimeline),
    ];

    /// <summary>
    /// Drops every timeline document and the rows of the persons' and organizations' facts, and rebuilds them from
    /// the raw events with Marten's projection daemon (in <c>DaemonMode.Solo</c>: see docs/decisions.md on the
    /// distributed lock). Run it with writers stopped.
    /// </summary>
    public async Task RebuildTimelinesAsync(CancellationToken cancellationToken = default)
    {
        foreach (var type in TimelineTypes)
        {
            await _store.Advanced.Clean.DeleteDocumentsByTypeAsync(type, cancellationToken).ConfigureAwait(false);
        }

        await using (var truncate = _dataSource.CreateCommand($"truncate {_schema}.{SubjectFacts.Table}"))
        {
            await truncate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        using var daemon = await _store.BuildProjectionDaemonAsync().ConfigureAwait(false);
        await daemon.RebuildProjectionAsync<TimelineProjection>(cancellationToken).ConfigureAwait(false);
    }
}

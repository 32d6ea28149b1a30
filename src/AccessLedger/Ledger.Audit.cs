using AccessLedger.Audit;

namespace AccessLedger;

public sealed partial class Ledger
{
    /// <summary>
    /// Who could access <paramref name="modelId"/> at valid time <paramref name="at"/> as known at
    /// <paramref name="knownAt"/> (null: now): every person known then, and the US-person and foreign-person classes
    /// of every organization, each with its decision and reasons. Two queries, whatever the number of people (docs/audit.md).
    /// </summary>
    public Task<WhoCouldAccessAnswer> WhoCouldAccessAsync(string modelId, DateTimeOffset at, DateTimeOffset? knownAt = null, CancellationToken cancellationToken = default) =>
        WhoCouldAccess.AnswerAsync(_dataSource, _schema, modelId, at, knownAt, cancellationToken);

    /// <summary>
    /// What changed for <paramref name="modelId"/> in (<paramref name="from"/>, <paramref name="to"/>] as known at
    /// <paramref name="knownAt"/> (null: now): every instant at which some answer changed, who changed which way,
    /// and the facts that start or end there.
    /// </summary>
    public async Task<WhatChangedAnswer> WhatChangedAsync(string modelId, DateTimeOffset from, DateTimeOffset to, DateTimeOffset? knownAt = null, CancellationToken cancellationToken = default)
    {
        CheckRange(from, to);
        var state = await LoadAuditStateAsync(new(modelId, null, null), cancellationToken).ConfigureAwait(false);
        return Audit.WhatChanged.Answer(state, modelId, from, to, knownAt);
    }

    /// <summary>
    /// Where, for valid times in [<paramref name="from"/>, <paramref name="to"/>), the answers the ledger gave as
    /// known at <paramref name="beliefKnownAt"/> (null: as known at each moment itself) differ from those as known at
    /// <paramref name="truthKnownAt"/> (null: now): the exposure windows of late-recorded facts, with the facts.
    /// </summary>
    public async Task<BeliefVersusTruthAnswer> BeliefVersusTruthAsync(string modelId, DateTimeOffset from, DateTimeOffset to, DateTimeOffset? beliefKnownAt = null, DateTimeOffset? truthKnownAt = null, CancellationToken cancellationToken = default)
    {
        CheckRange(from, to);
        var state = await LoadAuditStateAsync(new(modelId, null, null), cancellationToken).ConfigureAwait(false);
        return Audit.BeliefVersusTruth.Answer(state, modelId, from, to, beliefKnownAt, truthKnownAt);
    }

    /// <summary>The facts that touch a model, organization or person as known at <paramref name="knownAt"/>, with both clocks, and the access that resulted.</summary>
    public async Task<EntityTimeline> TimelineAsync(AuditEntityKind kind, string id, DateTimeOffset? knownAt = null, CancellationToken cancellationToken = default)
    {
        var state = await LoadAuditStateAsync(EntityTimelines.ScopeOf(kind, id), cancellationToken).ConfigureAwait(false);
        return EntityTimelines.Answer(state, kind, id, knownAt);
    }

    /// <summary>
    /// Writes a self-contained HTML audit report of <paramref name="modelId"/> over [<paramref name="from"/>,
    /// <paramref name="to"/>) to <paramref name="output"/>: access intervals per organization and person, the
    /// events on both clocks, late-recorded facts and their exposure windows, and the answers behind them.
    /// </summary>
    public async Task WriteReportAsync(string modelId, DateTimeOffset from, DateTimeOffset to, Stream output, CancellationToken cancellationToken = default)
    {
        CheckRange(from, to);
        var state = await LoadAuditStateAsync(new(modelId, null, null), cancellationToken).ConfigureAwait(false);
        var html = AuditReport.Render(state, modelId, from, to, _time.GetUtcNow());
        await using var writer = new StreamWriter(output, new System.Text.UTF8Encoding(false), leaveOpen: true);
        await writer.WriteAsync(html.AsMemory(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the report of <see cref="WriteReportAsync(string, DateTimeOffset, DateTimeOffset, Stream, CancellationToken)"/> to a file.</summary>
    public async Task WriteReportAsync(string modelId, DateTimeOffset from, DateTimeOffset to, string path, CancellationToken cancellationToken = default)
    {
        var file = File.Create(path);
        await using (file.ConfigureAwait(false))
        {
            await WriteReportAsync(modelId, from, to, file, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task<AuditState> LoadAuditStateAsync(AuditState.Scope scope, CancellationToken cancellationToken) =>
        AuditState.LoadAsync(_dataSource, _schema, scope, withPersons: true, cancellationToken);

    private static void CheckRange(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            throw new ArgumentException($"the range must end after it starts (from {Wire.LedgerJson.Format(from)} to {Wire.LedgerJson.Format(to)}).", nameof(to));
        }
    }
}

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
        WhoCouldAccess.AnswerAsync(ReadSource, _schema, modelId, at, knownAt, cancellationToken);

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
    /// <paramref name="to"/>) to <paramref name="output"/>: who could access it (per organization and per subject),
    /// each subject's access intervals, a chart that fits the page and prints on A4, the exposures of late-recorded
    /// facts apart from mere registration lags, what changed, and the events on both clocks (docs/audit.md).
    /// <paramref name="options"/> sets the knowledge time, the subjects and the page; the size stays bounded
    /// whatever the size of the ledger.
    /// </summary>
    /// <exception cref="Rules.LedgerRuleException">
    /// <c>unknown_model</c> when the model was never registered as known at K; <c>unknown_organization</c> or
    /// <c>unknown_person</c> for a filter the ledger does not know; <c>invalid_field</c> for a page past the last.
    /// Nothing is written then.
    /// </exception>
    public async Task WriteReportAsync(string modelId, DateTimeOffset from, DateTimeOffset to, Stream output, AuditReportOptions? options = null, CancellationToken cancellationToken = default)
    {
        var html = await RenderReportAsync(modelId, from, to, options, cancellationToken).ConfigureAwait(false);
        var writer = new StreamWriter(output, new System.Text.UTF8Encoding(false), leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteAsync(html.AsMemory(), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the report of <see cref="WriteReportAsync(string, DateTimeOffset, DateTimeOffset, Stream, AuditReportOptions, CancellationToken)"/> as text (e.g. to standard output).</summary>
    public async Task WriteReportAsync(string modelId, DateTimeOffset from, DateTimeOffset to, TextWriter output, AuditReportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var html = await RenderReportAsync(modelId, from, to, options, cancellationToken).ConfigureAwait(false);
        await output.WriteAsync(html.AsMemory(), cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the report of <see cref="WriteReportAsync(string, DateTimeOffset, DateTimeOffset, Stream, AuditReportOptions, CancellationToken)"/>
    /// to a file, created only once the report is made (a refused question leaves no file behind).
    /// </summary>
    public async Task WriteReportAsync(string modelId, DateTimeOffset from, DateTimeOffset to, string path, AuditReportOptions? options = null, CancellationToken cancellationToken = default)
    {
        var html = await RenderReportAsync(modelId, from, to, options, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(path, html, new System.Text.UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
    }

    private async Task<string> RenderReportAsync(string modelId, DateTimeOffset from, DateTimeOffset to, AuditReportOptions? options, CancellationToken cancellationToken)
    {
        CheckRange(from, to);
        var state = await LoadAuditStateAsync(new(modelId, null, null), cancellationToken).ConfigureAwait(false);
        return AuditReport.Render(state, modelId, from, to, options ?? new AuditReportOptions(), _time.GetUtcNow());
    }

    private Task<AuditState> LoadAuditStateAsync(AuditState.Scope scope, CancellationToken cancellationToken) =>
        AuditState.LoadAsync(ReadSource, _schema, scope, withPersons: true, cancellationToken);

    private static void CheckRange(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            throw new ArgumentException($"the range must end after it starts (from {Wire.LedgerJson.Format(from)} to {Wire.LedgerJson.Format(to)}).", nameof(to));
        }
    }
}

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
        WhoCouldAccessAsync(new WhoCouldAccessQuestion(modelId, at) { KnownAt = knownAt }, cancellationToken);

    /// <summary>
    /// As <see cref="WhoCouldAccessAsync(string, DateTimeOffset, DateTimeOffset?, CancellationToken)"/>, for the
    /// question's activity and knowledge basis (LEDGER.md sections 7.2, 7.5).
    /// </summary>
    /// <exception cref="ArgumentException">The question's activity is not an identifier (a slug).</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026", Justification = "The overloads differ in their first parameter's type; no call is ambiguous.")]
    public Task<WhoCouldAccessAnswer> WhoCouldAccessAsync(WhoCouldAccessQuestion question, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        CheckActivity(question.Activity, nameof(question));
        return WhoCouldAccess.AnswerAsync(ReadSource, _schema, question, cancellationToken);
    }

    /// <summary>
    /// What changed for <paramref name="modelId"/> in (<paramref name="from"/>, <paramref name="to"/>] as known at
    /// <paramref name="knownAt"/> (null: now): every instant at which some answer changed, who changed which way,
    /// and the facts that start or end there.
    /// </summary>
    public Task<WhatChangedAnswer> WhatChangedAsync(string modelId, DateTimeOffset from, DateTimeOffset to, DateTimeOffset? knownAt = null, CancellationToken cancellationToken = default) =>
        WhatChangedAsync(new WhatChangedQuestion(modelId, from, to) { KnownAt = knownAt }, cancellationToken);

    /// <summary>
    /// As <see cref="WhatChangedAsync(string, DateTimeOffset, DateTimeOffset, DateTimeOffset?, CancellationToken)"/>,
    /// for the question's activity and knowledge basis (LEDGER.md sections 7.2, 7.5).
    /// </summary>
    /// <exception cref="ArgumentException">The range is empty, or the activity is not an identifier.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026", Justification = "The overloads differ in their first parameter's type; no call is ambiguous.")]
    public async Task<WhatChangedAnswer> WhatChangedAsync(WhatChangedQuestion question, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        CheckActivity(question.Activity, nameof(question));
        CheckRange(question.From, question.To);
        var state = await LoadAuditStateAsync(new(question.ModelId, null, null), cancellationToken).ConfigureAwait(false);
        return Audit.WhatChanged.Answer(state, question);
    }

    /// <summary>
    /// Where, for valid times in [<paramref name="from"/>, <paramref name="to"/>), the answers the ledger gave as
    /// known at <paramref name="beliefKnownAt"/> (null: as known at each moment itself) differ from those as known at
    /// <paramref name="truthKnownAt"/> (null: now): the exposure windows of late-recorded facts, with the facts.
    /// </summary>
    public Task<BeliefVersusTruthAnswer> BeliefVersusTruthAsync(string modelId, DateTimeOffset from, DateTimeOffset to, DateTimeOffset? beliefKnownAt = null, DateTimeOffset? truthKnownAt = null, CancellationToken cancellationToken = default) =>
        BeliefVersusTruthAsync(new BeliefVersusTruthQuestion(modelId, from, to) { BeliefKnownAt = beliefKnownAt, TruthKnownAt = truthKnownAt }, cancellationToken);

    /// <summary>
    /// As <see cref="BeliefVersusTruthAsync(string, DateTimeOffset, DateTimeOffset, DateTimeOffset?, DateTimeOffset?, CancellationToken)"/>,
    /// for the question's activity and one knowledge basis per side: the same K recorded against on notice gives the
    /// exposure caused by the company's own recording delay (LEDGER.md section 7.5).
    /// </summary>
    /// <exception cref="ArgumentException">The range is empty, or the activity is not an identifier.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026", Justification = "The overloads differ in their first parameter's type; no call is ambiguous.")]
    public async Task<BeliefVersusTruthAnswer> BeliefVersusTruthAsync(BeliefVersusTruthQuestion question, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        CheckActivity(question.Activity, nameof(question));
        CheckRange(question.From, question.To);
        var state = await LoadAuditStateAsync(new(question.ModelId, null, null), cancellationToken).ConfigureAwait(false);
        return Audit.BeliefVersusTruth.Answer(state, question);
    }

    /// <summary>The facts that touch a model, organization or person as known at <paramref name="knownAt"/>, with both clocks, and the access that resulted.</summary>
    public Task<EntityTimeline> TimelineAsync(AuditEntityKind kind, string id, DateTimeOffset? knownAt = null, CancellationToken cancellationToken = default) =>
        TimelineAsync(new TimelineQuestion(kind, id) { KnownAt = knownAt }, cancellationToken);

    /// <summary>
    /// As <see cref="TimelineAsync(AuditEntityKind, string, DateTimeOffset?, CancellationToken)"/>, for the
    /// question's activity and knowledge basis (LEDGER.md sections 7.2, 7.5).
    /// </summary>
    /// <exception cref="ArgumentException">The question's activity is not an identifier (a slug).</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026", Justification = "The overloads differ in their first parameter's type; no call is ambiguous.")]
    public async Task<EntityTimeline> TimelineAsync(TimelineQuestion question, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(question);
        CheckActivity(question.Activity, nameof(question));
        var state = await LoadAuditStateAsync(EntityTimelines.ScopeOf(question.Kind, question.Id), cancellationToken).ConfigureAwait(false);
        return EntityTimelines.Answer(state, question);
    }

    /// <summary>
    /// Writes a self-contained HTML audit report of <paramref name="modelId"/> over [<paramref name="from"/>,
    /// <paramref name="to"/>) to <paramref name="output"/>: who could access it (per organization and per subject),
    /// each subject's access intervals, a chart that fits the page and prints on A4, the exposures of late-recorded
    /// facts apart from mere registration lags, what changed, and the events on both clocks (docs/audit.md).
    /// <paramref name="options"/> sets the knowledge time and its basis, the activity, the subjects and the page; the size stays bounded
    /// whatever the size of the ledger.
    /// </summary>
    /// <exception cref="Rules.LedgerRuleException">
    /// <c>unknown_model</c> when the model was never registered as known at K; <c>unknown_organization</c> or
    /// <c>unknown_person</c> for a filter the ledger does not know; <c>invalid_field</c> for a page past the last.
    /// Nothing is written then.
    /// </exception>
    /// <exception cref="ArgumentException">The range is empty, or the options' activity is not an identifier.</exception>
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
        options ??= new AuditReportOptions();
        CheckActivity(options.Activity, nameof(options));
        CheckRange(from, to);
        var state = await LoadAuditStateAsync(new(modelId, null, null), cancellationToken).ConfigureAwait(false);
        return AuditReport.Render(state, modelId, from, to, options, _time.GetUtcNow());
    }

    private Task<AuditState> LoadAuditStateAsync(AuditState.Scope scope, CancellationToken cancellationToken) =>
        AuditState.LoadAsync(ReadSource, _schema, scope, withPersons: true, cancellationToken);

    /// <summary>Refuses an activity that is not an identifier (LEDGER.md section 7.1: activities are slugs).</summary>
    private static void CheckActivity(string activity, string parameter)
    {
        if (!Rules.FieldRules.IsSlug(activity))
        {
            throw new ArgumentException($"activity '{activity}' is not an identifier: lower-case letters, digits, '.', '_' or '-'.", parameter);
        }
    }

    private static void CheckRange(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            throw new ArgumentException($"the range must end after it starts (from {Wire.LedgerJson.Format(from)} to {Wire.LedgerJson.Format(to)}).", nameof(to));
        }
    }
}

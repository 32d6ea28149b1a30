namespace AccessLedger.Audit;

/// <summary>
/// What an audit report covers besides its model and range: the knowledge time and its basis, the activity, which subjects, and how many of
/// them are drawn and tabled one by one. Every section (the counts, exposures, changes) is about the subjects in
/// scope; the chart and the per-subject tables show one page of them.
/// </summary>
public sealed record AuditReportOptions
{
    /// <summary>The default number of subjects on a page: a report of any ledger stays a few hundred kilobytes.</summary>
    public const int DefaultPageSize = 100;

    /// <summary>
    /// Knowledge time K: the report is as the ledger knew it at K (events recorded later do not count, and "at the
    /// time" means at T or K, whichever is earlier). Null (the default): as known now.
    /// </summary>
    public DateTimeOffset? KnownAt { get; init; }

    /// <summary>
    /// What "known at <see cref="KnownAt"/>" means, for the answers as known at K and at the time (LEDGER.md section
    /// 7.2): recorded by the ledger (the default) or on notice from the public record.
    /// </summary>
    public Decisions.KnowledgeBasis Knowledge { get; init; } = Decisions.KnowledgeBasis.Recorded;

    /// <summary>The activity every answer of the report is about; <see cref="Decisions.Activities.Use"/> unless named.</summary>
    public string Activity { get; init; } = Decisions.Activities.Use;

    /// <summary>
    /// Only these organizations: their two classes of staff and their people. Empty (the default): every
    /// organization. Combined with <see cref="Persons"/>, the report covers both.
    /// </summary>
    public IReadOnlyList<string> Organizations { get; init; } = [];

    /// <summary>Only these persons (besides <see cref="Organizations"/>). Empty (the default): no restriction by person.</summary>
    public IReadOnlyList<string> Persons { get; init; } = [];

    /// <summary>
    /// Only the subjects whose answer changed in the range (outcome or failing gates, as known at K), or whose
    /// answer at the time differed in outcome from the one known at K. Default: false (every subject).
    /// </summary>
    public bool ChangedOnly { get; init; }

    /// <summary>How many subjects the chart and the per-subject tables show (a page). Default: <see cref="DefaultPageSize"/>.</summary>
    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>Which page of subjects to show, from 1 (the default), in the order of the rows (organization, its classes, its people).</summary>
    public int Page { get; init; } = 1;
}

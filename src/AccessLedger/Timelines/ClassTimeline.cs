using AccessLedger.Events;

namespace AccessLedger.Timelines;

/// <summary>
/// A class of models (LEDGER.md section 7.1), as an index rather than a stream: the bans and exceptions that ever
/// named it, so a decision about a model finds the instruments that cover it by class, including models classified
/// after the instrument was issued. No event is appended to a class; its facts are its instruments'.
/// </summary>
internal sealed class ClassTimeline : Timeline
{
    /// <summary>The folds that index instruments by the classes they name.</summary>
    public static IReadOnlyList<Fold> Folds { get; } =
    [
        Fold.OnEach<BanIssued, ClassTimeline>(x => x.Classes ?? [], (c, x, _) => AddIds(c.DirectiveIds, [x.DirectiveId])),
        Fold.OnEach<BanAmended, ClassTimeline>(x => x.AddClasses ?? [], (c, x, _) => AddIds(c.DirectiveIds, [x.DirectiveId])),
        Fold.OnEach<ExceptionGranted, ClassTimeline>(x => x.Classes ?? [], (c, x, _) => AddIds(c.ExceptionIds, [x.ExceptionId])),
    ];

    /// <summary>Directives that named the class at some time (initially or by amendment).</summary>
    public List<string> DirectiveIds { get; set; } = [];

    /// <summary>Exceptions that name the class.</summary>
    public List<string> ExceptionIds { get; set; } = [];

    /// <inheritdoc/>
    public override IEnumerable<(ILedgerEvent Event, EventRef Ref)> Facts() => [];
}

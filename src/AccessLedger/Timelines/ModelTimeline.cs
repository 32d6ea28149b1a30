using AccessLedger.Events;

namespace AccessLedger.Timelines;

/// <summary>A model: its registrations, and the ids of the bans, exceptions and suspensions that ever named it.</summary>
internal sealed class ModelTimeline : Timeline
{
    /// <summary>The folds into a model's timeline: its registrations, and the ids of instruments that name it.</summary>
    public static IReadOnlyList<Fold> Folds { get; } =
    [
        Fold.On<ModelRegistered, ModelTimeline>(x => x.ModelId, (m, x, at) => m.Add(m.Registrations, x, at)),
        Fold.On<ModelClassified, ModelTimeline>(x => x.ModelId, (m, x, at) => m.Add(m.Classifications, x, at)),
        Fold.OnEach<ProviderSuspensionStarted, ModelTimeline>(x => x.Models, (m, x, _) => AddIds(m.SuspensionIds, [x.SuspensionId])),
        Fold.OnEach<BanIssued, ModelTimeline>(x => x.Models, (m, x, _) => AddIds(m.DirectiveIds, [x.DirectiveId])),
        Fold.OnEach<BanAmended, ModelTimeline>(x => x.AddModels, (m, x, _) => AddIds(m.DirectiveIds, [x.DirectiveId])),
        Fold.OnEach<ExceptionGranted, ModelTimeline>(x => x.Models, (m, x, _) => AddIds(m.ExceptionIds, [x.ExceptionId])),
    ];

    /// <summary><c>model_registered</c> facts.</summary>
    public List<Recorded<ModelRegistered>> Registrations { get; set; } = [];

    /// <summary><c>model_classified</c> facts.</summary>
    public List<Recorded<ModelClassified>> Classifications { get; set; } = [];

    /// <summary>Directives that covered the model at some time (initially or by amendment).</summary>
    public List<string> DirectiveIds { get; set; } = [];

    /// <summary>Exceptions that name the model.</summary>
    public List<string> ExceptionIds { get; set; } = [];

    /// <summary>Provider suspensions that name the model.</summary>
    public List<string> SuspensionIds { get; set; } = [];

    /// <inheritdoc/>
    public override IEnumerable<(ILedgerEvent Event, EventRef Ref)> Facts() => [.. Of(Registrations), .. Of(Classifications)];

    /// <summary>The model's classes at T as known at K: those of the latest classification in effect (none before the first).</summary>
    public IReadOnlyList<string> ClassesAt(DateTimeOffset at, Knowledge knowledge) => knowledge.Latest(Classifications, at)?.Event.Classes ?? [];

    /// <summary>Every class the model was ever classified into, as known now (to find the instruments that may cover it).</summary>
    public IEnumerable<string> ClassesEver() => Classifications.SelectMany(c => c.Event.Classes).Distinct(StringComparer.Ordinal);

    /// <summary>The registration in effect at T as known at K, or null when the model is not registered then.</summary>
    public Recorded<ModelRegistered>? RegistrationAt(DateTimeOffset at, Knowledge knowledge) => knowledge.Latest(Registrations, at);
}

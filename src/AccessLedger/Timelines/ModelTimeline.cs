using AccessLedger.Events;

namespace AccessLedger.Timelines;

/// <summary>A model: its registrations, and the ids of the bans, exceptions and suspensions that ever named it.</summary>
internal sealed class ModelTimeline : Timeline
{
    /// <summary><c>model_registered</c> facts.</summary>
    public List<Recorded<ModelRegistered>> Registrations { get; set; } = [];

    /// <summary>Directives that covered the model at some time (initially or by amendment).</summary>
    public List<string> DirectiveIds { get; set; } = [];

    /// <summary>Exceptions that name the model.</summary>
    public List<string> ExceptionIds { get; set; } = [];

    /// <summary>Provider suspensions that name the model.</summary>
    public List<string> SuspensionIds { get; set; } = [];

    /// <summary>The registration in effect at T as known at K, or null when the model is not registered then.</summary>
    public Recorded<ModelRegistered>? RegistrationAt(DateTimeOffset at, Knowledge knowledge) => knowledge.Latest(Registrations, at);
}

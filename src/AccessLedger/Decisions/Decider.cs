namespace AccessLedger.Decisions;

/// <summary>
/// The decision of LEDGER.md section 4, as a pure function over timeline state: no database, no clock. Every gate
/// is evaluated; every failing gate is reported once, in order, with the events it cites. The gates that depend on
/// the model alone are <see cref="ModelGates"/>; many subjects at one (model, T, K) share them.
/// </summary>
internal static class Decider
{
    /// <summary>Decides whether <paramref name="subject"/> may do <paramref name="activity"/> with <paramref name="modelId"/> at T as known at K.</summary>
    public static Decision Decide(DecisionState state, string modelId, Subject subject, DateTimeOffset at, DateTimeOffset? knownAt, string activity = Activities.Use)
    {
        ArgumentNullException.ThrowIfNull(state);
        return ModelGates.Evaluate(state, modelId, at, knownAt, activity).Decide(subject, state.Person, state.Organizations);
    }
}

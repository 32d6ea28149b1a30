namespace AccessLedger.Decisions;

/// <summary>
/// The decision of LEDGER.md section 4, as a pure function over timeline state: no database, no clock. Every gate
/// is evaluated; every failing gate is reported once, in order, with the events it cites. The gates that depend on
/// the model alone are <see cref="ModelGates"/>; many subjects at one (model, T, K) share them.
/// </summary>
internal static class Decider
{
    /// <summary>Decides whether <paramref name="subject"/> may do <paramref name="activity"/> with <paramref name="modelId"/> at T as known at K (on the <paramref name="knowledge"/> basis).</summary>
    public static Decision Decide(
        DecisionState state, string modelId, Subject subject, DateTimeOffset at, DateTimeOffset? knownAt, string activity = Activities.Use, KnowledgeBasis knowledge = KnowledgeBasis.Recorded)
    {
        ArgumentNullException.ThrowIfNull(state);
        return ModelGates.Evaluate(state, modelId, at, knownAt, activity, knowledge).Decide(subject, state.Person, state.Organizations);
    }

    /// <summary>Answers <paramref name="question"/> from <paramref name="state"/>.</summary>
    public static Decision Decide(DecisionState state, DecisionQuestion question)
    {
        ArgumentNullException.ThrowIfNull(question);
        return Decide(state, question.ModelId, question.Subject, question.At, question.KnownAt, question.Activity, question.Knowledge);
    }
}

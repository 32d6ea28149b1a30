using AccessLedger.Decisions;

namespace AccessLedger.Audit;

/// <summary>One subject's answer.</summary>
/// <param name="Subject">Whom it is about.</param>
/// <param name="Decision">The decision with its reasons (or, when allowed, its basis).</param>
public sealed record AccessAnswer(AuditSubject Subject, Decision Decision);

/// <summary>Who could access a model at valid time T, as known at K: every person and organization class.</summary>
/// <param name="ModelId">The model.</param>
/// <param name="At">Valid time T.</param>
/// <param name="KnownAt">Knowledge time K (null: as known now).</param>
/// <param name="Answers">One answer per subject known at K, by organization (its classes, then its people).</param>
/// <param name="Checkpoint">The ledger head the answer was computed at.</param>
public sealed record WhoCouldAccessAnswer(string ModelId, DateTimeOffset At, DateTimeOffset? KnownAt, IReadOnlyList<AccessAnswer> Answers, LedgerCheckpoint Checkpoint)
{
    /// <summary>The answers about enrolled persons.</summary>
    public IEnumerable<AccessAnswer> Persons => Answers.Where(a => a.Subject.Kind == AuditSubjectKind.Person);

    /// <summary>The answers about organization classes.</summary>
    public IEnumerable<AccessAnswer> Organizations => Answers.Where(a => a.Subject.Kind != AuditSubjectKind.Person);
}

/// <summary>The "who could access" query: one load, then the pure decision per subject in memory.</summary>
internal static class WhoCouldAccess
{
    public static WhoCouldAccessAnswer Answer(AuditState state, string modelId, DateTimeOffset at, DateTimeOffset? knownAt) =>
        new(modelId, at, knownAt, Decide(state, modelId, state.Subjects(knownAt), at, knownAt), state.Checkpoint);

    /// <summary>The answers for these subjects at T as known at K.</summary>
    public static IReadOnlyList<AccessAnswer> Decide(AuditState state, string modelId, IEnumerable<AuditSubject> subjects, DateTimeOffset at, DateTimeOffset? knownAt) =>
        subjects.Select(s => new AccessAnswer(s, Decider.Decide(state.StateFor(modelId, s), modelId, s.Subject, at, knownAt))).ToList();
}

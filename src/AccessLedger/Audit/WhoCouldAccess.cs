using AccessLedger.Decisions;
using AccessLedger.Timelines;
using Npgsql;

namespace AccessLedger.Audit;

/// <summary>One subject's answer.</summary>
/// <param name="Subject">Whom it is about.</param>
/// <param name="Decision">The decision with its reasons (or, when allowed, its basis).</param>
public sealed record AccessAnswer(AuditSubject Subject, Decision Decision);

/// <summary>
/// Who could do <see cref="AuditQuestion.Activity"/> with <see cref="ModelId"/> at valid time <see cref="At"/>, as
/// known at <see cref="AuditQuestion.KnownAt"/> on the <see cref="AuditQuestion.Knowledge"/> basis?
/// </summary>
/// <param name="ModelId">The model.</param>
/// <param name="At">Valid time T.</param>
public sealed record WhoCouldAccessQuestion(string ModelId, DateTimeOffset At) : AuditQuestion;

/// <summary>Who could access a model at valid time T, as known at K: every person and organization class.</summary>
/// <param name="ModelId">The model.</param>
/// <param name="At">Valid time T.</param>
/// <param name="KnownAt">Knowledge time K (null: as known now).</param>
/// <param name="Answers">One answer per subject known at K, by organization (its classes, then its people).</param>
/// <param name="Checkpoint">The ledger head the answer was computed at.</param>
public sealed record WhoCouldAccessAnswer(string ModelId, DateTimeOffset At, DateTimeOffset? KnownAt, IReadOnlyList<AccessAnswer> Answers, LedgerCheckpoint Checkpoint)
{
    /// <summary>The activity asked about; <see cref="Activities.Use"/> unless the question named another.</summary>
    public string Activity { get; init; } = Activities.Use;

    /// <summary>The knowledge basis of <see cref="KnownAt"/> (LEDGER.md section 7.2); <see cref="KnowledgeBasis.Recorded"/> unless the question named another.</summary>
    public KnowledgeBasis Knowledge { get; init; } = KnowledgeBasis.Recorded;

    /// <summary>The answers about enrolled persons.</summary>
    public IEnumerable<AccessAnswer> Persons => Answers.Where(a => a.Subject.Kind == AuditSubjectKind.Person);

    /// <summary>The answers about organization classes.</summary>
    public IEnumerable<AccessAnswer> Organizations => Answers.Where(a => a.Subject.Kind != AuditSubjectKind.Person);
}

/// <summary>
/// The "who could access" query: the model part and the organizations loaded, then every person's facts read in
/// batches; each batch is folded person by person and decided on another core while the reader goes on, and let go
/// (an answer about every person of a large ledger never holds all their timelines); the organizations' classes
/// are decided beside them. Each decision is a pure function of state nobody changes any more.
/// </summary>
internal static class WhoCouldAccess
{
    // Facts per batch handed from the reader to the deciders (about 1,000 persons).
    private const int BatchSize = 2_500;

    public static async Task<WhoCouldAccessAnswer> AnswerAsync(NpgsqlDataSource dataSource, string schema, WhoCouldAccessQuestion question, CancellationToken cancellationToken)
    {
        var (modelId, at, knownAt, knowledge) = (question.ModelId, question.At, question.KnownAt, question.AsKnown);
        var scope = new AuditState.Scope(modelId, null, null);
        var state = await AuditState.LoadAsync(dataSource, schema, scope, withPersons: false, cancellationToken).ConfigureAwait(false);
        var gates = ModelGates.Evaluate(state.ModelPart(modelId).Part, modelId, at, knownAt, question.Activity, question.Knowledge);

        var classes = Task.Run(() => state.Organizations.Values.SelectMany(o => AuditState.SubjectsOf(o, knowledge))
            .Select(s => new AccessAnswer(s, gates.Decide(s.Subject, null, state.Organizations))).ToList());
        var decided = new List<Task<List<AccessAnswer>>>();
        await AuditState.StreamPersonsAsync(dataSource, schema, scope, BatchSize, batch => decided.Add(Task.Run(() =>
        {
            // Folding and deciding happen here, on another core, while the reader goes on reading.
            var answers = new List<AccessAnswer>(batch.Count / 2);
            AuditState.FoldPersons(batch, person =>
            {
                if (AuditState.SubjectOf(person, knowledge) is { } subject)
                {
                    answers.Add(new AccessAnswer(subject, gates.Decide(subject.Subject, person, state.Organizations)));
                }
            });
            return answers;
        })), cancellationToken).ConfigureAwait(false);

        var persons = await Task.WhenAll(decided).ConfigureAwait(false);
        return new(modelId, at, knownAt, InOrder(persons.SelectMany(p => p), await classes.ConfigureAwait(false)), state.Checkpoint)
        {
            Activity = question.Activity,
            Knowledge = question.Knowledge,
        };
    }

    /// <summary>
    /// The answers in <see cref="AuditSubject.Order"/>: by organization, its classes first, then its people. The
    /// persons come in id order, so grouping by organization keeps them sorted.
    /// </summary>
    private static List<AccessAnswer> InOrder(IEnumerable<AccessAnswer> persons, IEnumerable<AccessAnswer> classes)
    {
        var byOrganization = new Dictionary<string, List<AccessAnswer>>(StringComparer.Ordinal);
        foreach (var answer in classes.OrderBy(a => a.Subject, AuditSubject.Order).Concat(persons))
        {
            if (!byOrganization.TryGetValue(answer.Subject.OrgId, out var answers))
            {
                byOrganization[answer.Subject.OrgId] = answers = [];
            }

            answers.Add(answer);
        }

        var ordered = new List<AccessAnswer>(byOrganization.Values.Sum(a => a.Count));
        foreach (var organization in byOrganization.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            // Classes come first, then persons in the id order they were read in.
            ordered.AddRange(organization.Value);
        }

        return ordered;
    }
}

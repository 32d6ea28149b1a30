namespace AccessLedger.Benchmarks.Scaling;

/// <summary>
/// "Who could access model M at T as known at K?": the audit query (<see cref="WhoCouldAccess"/>, every enrolled
/// person and organization class in a few queries), and the naive way for comparison (<see cref="OneDecisionEach"/>).
/// </summary>
internal static class WhoQueries
{
    /// <summary>The question.</summary>
    internal sealed record Question(string Model, IReadOnlyList<string> Persons, DateTimeOffset At, DateTimeOffset? KnownAt);

    /// <summary>Answers with how many of the persons may use the model.</summary>
    internal delegate Task<int> Who(Ledger ledger, Question question, CancellationToken cancellationToken);

    /// <summary>The audit query: answers every enrolled person of the ledger; counts the allowed ones.</summary>
    public static async Task<int> WhoCouldAccess(Ledger ledger, Question question, CancellationToken cancellationToken)
    {
        var answer = await ledger.WhoCouldAccessAsync(question.Model, question.At, question.KnownAt, cancellationToken).ConfigureAwait(false);
        return answer.Persons.Count(a => a.Decision.Allowed);
    }

    /// <summary>The naive way: one <see cref="Ledger.DecideAsync"/> per person, in sequence.</summary>
    public static async Task<int> OneDecisionEach(Ledger ledger, Question question, CancellationToken cancellationToken)
    {
        var allowed = 0;
        foreach (var person in question.Persons)
        {
            var decision = await ledger.DecideAsync(question.Model, Decisions.Subject.Person(person), question.At, question.KnownAt, cancellationToken).ConfigureAwait(false);
            allowed += decision.Allowed ? 1 : 0;
        }

        return allowed;
    }

    public static string Describe(Who who) =>
        who.Method.Name == nameof(OneDecisionEach) ? "one DecideAsync per person" : "WhoCouldAccessAsync (all enrolled persons)";
}

namespace AccessLedger.Benchmarks.Scaling;

/// <summary>
/// "Who could access model M at T as known at K?": the audit query (<see cref="WhoCouldAccess"/>, every enrolled
/// person and organization class in a few queries), and the naive way for comparison (<see cref="OneDecisionEach"/>).
/// </summary>
internal static class WhoQueries
{
    /// <summary>The question.</summary>
    internal sealed record Question(string Model, IReadOnlyList<string> Persons, DateTimeOffset At, DateTimeOffset? KnownAt);

    /// <summary>Answers with how many persons were answered and how many of them may use the model.</summary>
    internal delegate Task<(int Answered, int Allowed)> Who(Ledger ledger, Question question, CancellationToken cancellationToken);

    /// <summary>The audit query: answers every enrolled person of the ledger (the question's list is not used).</summary>
    public static async Task<(int Answered, int Allowed)> WhoCouldAccess(Ledger ledger, Question question, CancellationToken cancellationToken)
    {
        var answer = await ledger.WhoCouldAccessAsync(question.Model, question.At, question.KnownAt, cancellationToken).ConfigureAwait(false);
        var persons = answer.Persons.ToList();
        return (persons.Count, persons.Count(a => a.Decision.Allowed));
    }

    /// <summary>The naive way: one <see cref="Ledger.DecideAsync"/> per person, in sequence.</summary>
    public static async Task<(int Answered, int Allowed)> OneDecisionEach(Ledger ledger, Question question, CancellationToken cancellationToken)
    {
        var allowed = 0;
        foreach (var person in question.Persons)
        {
            var decision = await ledger.DecideAsync(question.Model, Decisions.Subject.Person(person), question.At, question.KnownAt, cancellationToken).ConfigureAwait(false);
            allowed += decision.Allowed ? 1 : 0;
        }

        return (question.Persons.Count, allowed);
    }

    public static string Describe(Who who) =>
        who.Method.Name == nameof(OneDecisionEach) ? "one DecideAsync per person" : "WhoCouldAccessAsync (all enrolled persons)";
}

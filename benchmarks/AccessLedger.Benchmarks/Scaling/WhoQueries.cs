namespace AccessLedger.Benchmarks.Scaling;

/// <summary>
/// "Who could access model M at T as known at K?" over a set of persons. The audit query is not in the core yet;
/// until it is, <see cref="OneDecisionEach"/> stands in for it, and the results label it as a placeholder. To
/// measure the real query, set <see cref="ScalingHarness.Who"/> to a <see cref="Who"/> that calls it.
/// </summary>
internal static class WhoQueries
{
    /// <summary>The question.</summary>
    internal sealed record Question(string Model, IReadOnlyList<string> Persons, DateTimeOffset At, DateTimeOffset? KnownAt);

    /// <summary>Answers with how many of the persons may use the model.</summary>
    internal delegate Task<int> Who(Ledger ledger, Question question, CancellationToken cancellationToken);

    /// <summary>PLACEHOLDER: one <see cref="Ledger.DecideAsync"/> per person, in sequence.</summary>
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
        who.Method.Name == nameof(OneDecisionEach) ? "placeholder: one DecideAsync per person" : who.Method.Name;
}

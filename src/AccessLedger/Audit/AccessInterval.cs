using AccessLedger.Decisions;
using AccessLedger.Timelines;

namespace AccessLedger.Audit;

/// <summary>A maximal stretch of valid time over which one subject's answer for one model stays the same.</summary>
/// <param name="Subject">Whom it is about.</param>
/// <param name="ModelId">The model.</param>
/// <param name="From">Start of the stretch (inclusive).</param>
/// <param name="To">End of the stretch (exclusive); null when it runs on.</param>
/// <param name="Decision">The answer at <paramref name="From"/>, which holds throughout: same outcome, same failing gates.</param>
public sealed record AccessInterval(AuditSubject Subject, string ModelId, DateTimeOffset From, DateTimeOffset? To, Decision Decision);

/// <summary>
/// Replays one subject's access to one model over valid time. A decision only changes at an instant where a fact
/// starts (validFrom), ends (validTo) or becomes known (recordedAt, or on the notice basis noticeAt, which matters
/// when knowledge time moves with valid time), so deciding at those instants alone gives the whole history, exactly.
/// </summary>
internal static class AccessHistory
{
    /// <summary>Whether two answers are the same: same outcome and the same failing gates in the same order.</summary>
    public static bool SameAnswer(Decision a, Decision b) =>
        a.Allowed == b.Allowed && a.Reasons.Select(r => r.Code).SequenceEqual(b.Reasons.Select(r => r.Code), StringComparer.Ordinal);

    /// <summary>The answer codes, e.g. <c>allowed</c> or <c>legal_ban+provider_suspended</c>.</summary>
    public static string Codes(Decision d) => d.Allowed ? "allowed" : string.Join("+", d.Reasons.Select(r => r.Code));

    /// <summary>
    /// The intervals of the subject's access for <paramref name="activity"/> over [<paramref name="from"/>,
    /// <paramref name="to"/>), each maximal. <paramref name="knownAt"/> gives the knowledge for a valid time: a fixed
    /// K, or T itself ("as known then"), each on its basis.
    /// </summary>
    public static List<AccessInterval> Intervals(
        DecisionState state, string modelId, AuditSubject subject, string activity, IEnumerable<DateTimeOffset> instants,
        DateTimeOffset from, DateTimeOffset? to, Func<DateTimeOffset, Knowledge> knownAt) =>
        Intervals(Decide(state, modelId, subject, activity), modelId, subject, instants, from, to, knownAt);

    /// <summary>The same with a decision of one's own (e.g. one that shares the model's gates between subjects).</summary>
    public static List<AccessInterval> Intervals(
        Func<DateTimeOffset, Knowledge, Decision> decide, string modelId, AuditSubject subject, IEnumerable<DateTimeOffset> instants,
        DateTimeOffset from, DateTimeOffset? to, Func<DateTimeOffset, Knowledge> knownAt)
    {
        var points = instants.Where(i => i > from && (to is null || i < to)).Append(from).Distinct().Order().ToList();
        var intervals = new List<AccessInterval>();
        foreach (var point in points)
        {
            var decision = decide(point, knownAt(point));
            if (intervals.Count > 0 && SameAnswer(intervals[^1].Decision, decision))
            {
                continue;
            }

            if (intervals.Count > 0)
            {
                intervals[^1] = intervals[^1] with { To = point };
            }

            intervals.Add(new AccessInterval(subject, modelId, point, to, decision));
        }

        return intervals;
    }

    /// <summary>The decision about one subject for one activity at (T, K), K on its basis.</summary>
    public static Func<DateTimeOffset, Knowledge, Decision> Decide(DecisionState state, string modelId, AuditSubject subject, string activity) =>
        (at, k) => Decider.Decide(state, modelId, subject.Subject, at, k.KnownAt, activity, k.Basis);

    /// <summary>A fixed knowledge for every valid time.</summary>
    public static Func<DateTimeOffset, Knowledge> Fixed(Knowledge knowledge) => _ => knowledge;

    /// <summary>Knowledge time equal to valid time, on <paramref name="basis"/>: what the ledger believed (or the public record said) at the moment itself.</summary>
    public static Func<DateTimeOffset, Knowledge> AtTheTime(KnowledgeBasis basis) => at => new Knowledge(at, basis);
}

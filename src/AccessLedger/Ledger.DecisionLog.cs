using AccessLedger.Chain;
using AccessLedger.Decisions;

namespace AccessLedger;

public sealed partial class Ledger
{
    /// <summary>
    /// Default false. When true, every decision asked of this ledger (<see cref="DecideAsync(string, Subject, DateTimeOffset, DateTimeOffset?, CancellationToken)"/>
    /// and the calls built on it) is appended to the decision log (<c>al_decision</c>, docs/proofs.md "Decision log"),
    /// with its question, answer, cited events, checkpoint and engine version, chained and append-only. Costs one
    /// more round trip per decision. Set it once, before the ledger is used.
    /// </summary>
    public bool RecordDecisions { get; set; }

    /// <summary>
    /// Re-decides every decision the log recorded at or after <paramref name="since"/> under today's knowledge (the
    /// same model, subject and valid time, as known now) and returns those that would now be answered differently
    /// (allowed or denied, or another set of failing gates), in log order (<c>accessledger revalidate</c>); each answer
    /// now carries the checkpoint it was read at.
    /// </summary>
    public async Task<IReadOnlyList<RevalidatedDecision>> RevalidateAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var changed = new List<RevalidatedDecision>();
        foreach (var logged in await new DecisionLog(_dataSource, _schema).SinceAsync(since, cancellationToken).ConfigureAwait(false))
        {
            // The answer recorded its activity (version 2); one logged before that asked about use.
            var activity = logged.Answer["activity"]?.GetValue<string>() ?? Activities.Use;
            var (state, checkpoint, _) = await LoadDecisionStateAsync(_dataSource, logged.ModelId, logged.Subject, logged.At, null, horizon: false, cancellationToken).ConfigureAwait(false);
            var now = Decider.Decide(state, logged.ModelId, logged.Subject, logged.At, null, activity) with { Checkpoint = checkpoint };
            var then = (logged.Answer["decision"]!.GetValue<string>(), logged.Answer["reasons"]!.AsArray().Select(r => r!["code"]!.GetValue<string>()).ToArray());
            if (then.Item1 != (now.Allowed ? "allowed" : "denied") || !then.Item2.SequenceEqual(now.Reasons.Select(r => r.Code)))
            {
                changed.Add(new RevalidatedDecision(logged.Position, logged.RecordedAt, logged.KnownAt, logged.Answer.ToJsonString(), now));
            }
        }

        return changed;
    }

    private Task LogAsync(Decision decision, CancellationToken cancellationToken) =>
        RecordDecisions ? new DecisionLog(_dataSource, _schema).AppendAsync(decision, _time.GetUtcNow(), cancellationToken) : Task.CompletedTask;
}

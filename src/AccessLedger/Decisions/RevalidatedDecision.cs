namespace AccessLedger.Decisions;

/// <summary>A decision of the log that today's knowledge answers differently (<c>Ledger.RevalidateAsync</c>).</summary>
/// <param name="LogPosition">Its position in the decision log.</param>
/// <param name="RecordedAt">When it was asked and recorded.</param>
/// <param name="KnownAt">The knowledge time it was asked at (null: as known then).</param>
/// <param name="RecordedAnswer">The answer recorded then, in the contract's JSON (<see cref="DecisionJson"/>).</param>
/// <param name="Now">The answer to the same question (model, subject, valid time) as known now.</param>
public sealed record RevalidatedDecision(long LogPosition, DateTimeOffset RecordedAt, DateTimeOffset? KnownAt, string RecordedAnswer, Decision Now);

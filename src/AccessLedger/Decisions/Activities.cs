namespace AccessLedger.Decisions;

/// <summary>
/// Activities a ban controls and an exception relieves (LEDGER.md section 7.1): slugs, e.g. <c>use</c>,
/// <c>weights_transfer</c>, <c>fine_tuning</c>, <c>security_research</c>. A question that names none asks about
/// <see cref="Use"/>; an instrument that names none reaches every activity.
/// </summary>
public static class Activities
{
    /// <summary>Any use through the provider's service: what a question asks about when it names no activity.</summary>
    public const string Use = "use";
}

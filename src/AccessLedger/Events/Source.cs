namespace AccessLedger.Events;

/// <summary>
/// Where a fact of a ban, an exception or a country group came from (LEDGER.md section 7.1): the public record's
/// dates, which may differ from the day the fact takes effect and the day the ledger records it.
/// </summary>
/// <param name="Kind">What kind of document.</param>
/// <param name="Citation">The citation, e.g. <c>91 FR 60210</c>.</param>
/// <param name="PublishedAt">When it was published, if it was.</param>
/// <param name="ReceivedAt">When the company received it (a letter), if known.</param>
public sealed record Source(SourceKind Kind, string Citation, DateTimeOffset? PublishedAt = null, DateTimeOffset? ReceivedAt = null);

namespace AccessLedger.Events;

/// <summary><c>ban_lifted</c> on <c>directive-{directiveId}</c>: the ban ends.</summary>
/// <param name="DirectiveId">The directive lifted.</param>
/// <param name="ValidFrom">From when.</param>
public sealed record BanLifted(string DirectiveId, DateTimeOffset ValidFrom) : ILedgerEvent;

namespace AccessLedger.Events;

/// <summary><c>ban_amended</c> on <c>directive-{directiveId}</c>: models added to or removed from a ban.</summary>
/// <param name="DirectiveId">The directive amended.</param>
/// <param name="AddModels">Models the ban covers from now on.</param>
/// <param name="RemoveModels">Models it no longer covers.</param>
/// <param name="ValidFrom">From when.</param>
public sealed record BanAmended(string DirectiveId, IReadOnlyList<string> AddModels, IReadOnlyList<string> RemoveModels, DateTimeOffset ValidFrom) : ILedgerEvent;

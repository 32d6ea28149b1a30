namespace AccessLedger.Events;

/// <summary>Whom a ban reaches; <see cref="Nationalities"/> is used with <see cref="BanScopeKind.Nationalities"/> only.</summary>
/// <param name="Kind">The kind of scope.</param>
/// <param name="Nationalities">ISO 3166-1 alpha-2 codes, for a ban on nationalities.</param>
public sealed record BanScope(BanScopeKind Kind, IReadOnlyList<string>? Nationalities = null);

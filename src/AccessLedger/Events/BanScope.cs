using System.Text.Json.Serialization;

namespace AccessLedger.Events;

/// <summary>
/// Whom a ban reaches: everyone, foreign persons, the nationals of some countries (<see cref="Nationalities"/>, and the
/// members of <see cref="Groups"/>), or anyone located in some countries (<see cref="Countries"/> and the members of
/// <see cref="Groups"/>; LEDGER.md section 7.1).
/// </summary>
/// <param name="Kind">The kind of scope.</param>
/// <param name="Nationalities">ISO 3166-1 alpha-2 codes, for a ban on nationalities.</param>
/// <param name="Countries">ISO 3166-1 alpha-2 codes, for a ban on destinations (null: none).</param>
/// <param name="Groups">Country groups (<c>country-group-{groupId}</c>) whose members at T count as listed (null: none).</param>
public sealed record BanScope(
    BanScopeKind Kind,
    IReadOnlyList<string>? Nationalities = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Countries = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Groups = null);

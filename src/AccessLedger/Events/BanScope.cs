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
/// <param name="Organizations">For a ban on parties: the organizations listed (registered or not).</param>
/// <param name="Affiliates">For a ban on parties: whether it reaches the organizations they own 50 % or more (the 50 % rule).</param>
public sealed record BanScope(
    BanScopeKind Kind,
    IReadOnlyList<string>? Nationalities = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Countries = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Groups = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Organizations = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Affiliates = false);

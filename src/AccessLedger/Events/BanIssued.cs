namespace AccessLedger.Events;

/// <summary><c>ban_issued</c> on <c>directive-{directiveId}</c>: a regulator bars a scope of users from models.</summary>
/// <param name="DirectiveId">The directive's slug.</param>
/// <param name="Regulator">Who issued it.</param>
/// <param name="Instrument">The legal instrument (e.g. an is-informed letter).</param>
/// <param name="Models">The models it covers.</param>
/// <param name="Scope">Whom it reaches.</param>
/// <param name="LegalBasis">Citations.</param>
/// <param name="ValidFrom">When it takes effect.</param>
/// <param name="ValidTo">When it expires, if it does (exclusive).</param>
public sealed record BanIssued(
    string DirectiveId,
    string Regulator,
    string Instrument,
    IReadOnlyList<string> Models,
    BanScope Scope,
    IReadOnlyList<string> LegalBasis,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ValidTo = null) : ILedgerEvent;

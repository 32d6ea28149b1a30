namespace AccessLedger.Events;

/// <summary><c>exception_granted</c> on <c>exception-{exceptionId}</c>: relief from bans for some beneficiaries.</summary>
/// <param name="ExceptionId">The exception's slug.</param>
/// <param name="DirectiveIds">The bans it relieves.</param>
/// <param name="Models">The models it covers (each covered by one of the bans).</param>
/// <param name="Beneficiaries">Who it relieves.</param>
/// <param name="RequiresSafeguards">Certifications that must hold for the relief to apply.</param>
/// <param name="RequiresProvisioning">Whether the subject's organization must be provisioned for the model.</param>
/// <param name="ValidFrom">From when.</param>
/// <param name="ValidTo">Until when, if it expires (exclusive).</param>
public sealed record ExceptionGranted(
    string ExceptionId,
    IReadOnlyList<string> DirectiveIds,
    IReadOnlyList<string> Models,
    IReadOnlyList<Beneficiary> Beneficiaries,
    IReadOnlyList<string> RequiresSafeguards,
    bool RequiresProvisioning,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ValidTo = null) : ILedgerEvent;

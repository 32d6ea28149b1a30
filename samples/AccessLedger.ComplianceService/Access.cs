using System.Collections.Frozen;
using AccessLedger.Events;
using Microsoft.AspNetCore.Authorization;

namespace AccessLedger.ComplianceService;

/// <summary>The roles a token's <c>role</c> claim may carry (docs/embedding.md, "The sample service over HTTP").</summary>
internal static class Roles
{
    /// <summary>May ask for decisions and read the events (<c>GET /decisions</c>, <c>GET /events</c>).</summary>
    public const string Reader = "reader";

    /// <summary>May record the regulatory events: models, provider suspensions, bans, negotiations, safeguards, exceptions.</summary>
    public const string RegulatoryWriter = "regulatory-writer";

    /// <summary>May record the administration of organizations, partner provisioning and persons.</summary>
    public const string AdministrationWriter = "administration-writer";

    /// <summary>May state <c>recordedAt</c> (an import of history, LEDGER.md section 1); writes still need a writer role.</summary>
    public const string HistoryImport = "history-import";

    /// <summary>Every role, for the token command's check of its arguments.</summary>
    public static IReadOnlyList<string> All { get; } = [Reader, RegulatoryWriter, AdministrationWriter, HistoryImport];
}

/// <summary>The authorization policies and the claims they read.</summary>
internal static class Policies
{
    /// <summary>The claim that names the caller; it becomes the <c>actor</c> of what the caller records.</summary>
    public const string NameClaim = "sub";

    /// <summary>The claim that carries the roles.</summary>
    public const string RoleClaim = "role";

    /// <summary><c>GET /decisions</c>, <c>GET /events</c>.</summary>
    public const string Read = "read";

    /// <summary><c>POST /events</c> at all; each event is then checked against its family's policy.</summary>
    public const string Write = "write";

    /// <summary>Stating <c>recordedAt</c> on an event.</summary>
    public const string StateRecordedAt = "state-recorded-at";

    private const string RecordRegulatory = "record-regulatory";
    private const string RecordAdministration = "record-administration";

    private static readonly FrozenSet<string> Administration = FrozenSet.Create(
        StringComparer.Ordinal,
        "organization_registered", "partner_provisioned", "partner_deprovisioned", "ownership_recorded", "person_enrolled", "person_relocated", "person_offboarded", "person_status_changed");

    private static readonly FrozenSet<string> Regulatory = FrozenSet.Create(
        StringComparer.Ordinal,
        "model_registered", "model_classified", "provider_suspension_started", "provider_suspension_lifted", "ban_issued", "ban_amended", "ban_lifted",
        "negotiation_opened", "negotiation_closed", "safeguard_certified", "safeguard_withdrawn", "exception_granted", "exception_amended",
        "exception_revoked", "ban_validity_changed", "ban_suspended", "ban_reinstated", "exception_validity_changed", "exception_suspended",
        "exception_reinstated", "country_group_defined", "country_group_amended");

    /// <summary>Registers the policies; anything not marked otherwise needs an authenticated caller with a name.</summary>
    public static AuthorizationBuilder AddLedgerPolicies(this AuthorizationBuilder authorization) => authorization
        .SetFallbackPolicy(Named().Build())
        .AddPolicy(Read, p => Named(p).RequireRole(Roles.Reader))
        .AddPolicy(Write, p => Named(p).RequireRole(Roles.RegulatoryWriter, Roles.AdministrationWriter))
        .AddPolicy(RecordRegulatory, p => Named(p).RequireRole(Roles.RegulatoryWriter))
        .AddPolicy(RecordAdministration, p => Named(p).RequireRole(Roles.AdministrationWriter))
        .AddPolicy(StateRecordedAt, p => Named(p).RequireRole(Roles.HistoryImport));

    /// <summary>
    /// The policy and role that may record <paramref name="wireType"/>, or null when no role may: a type of the
    /// contract that is in neither family is refused to everyone until it is given one (fail closed).
    /// </summary>
    public static (string Policy, string Role)? ToRecord(string wireType) =>
        Regulatory.Contains(wireType) ? (RecordRegulatory, Roles.RegulatoryWriter)
        : Administration.Contains(wireType) ? (RecordAdministration, Roles.AdministrationWriter)
        : null;

    /// <summary>The wire types no role may record (a test keeps this empty).</summary>
    public static IEnumerable<string> Unassigned => EventCatalog.WireNames.Where(t => ToRecord(t) is null);

    // RequireClaim would accept "sub": "" and record writes by no one.
    private static AuthorizationPolicyBuilder Named(AuthorizationPolicyBuilder? policy = null) =>
        (policy ?? new AuthorizationPolicyBuilder()).RequireAuthenticatedUser().RequireAssertion(c => !string.IsNullOrWhiteSpace(c.User.Identity?.Name));

    /// <summary>The answers every endpoint behind a policy may give: no token (401), a role missing (403), too many requests (429).</summary>
    public static RouteHandlerBuilder ProducesCallerProblems(this RouteHandlerBuilder endpoint) => endpoint
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status429TooManyRequests);
}

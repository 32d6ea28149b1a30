using System.Collections.Frozen;

namespace AccessLedger.Events;

/// <summary>The contract's events: their stable wire names and the stream each is appended to.</summary>
public static class EventCatalog
{
    private static readonly (string Wire, Type Type)[] All =
    [
        ("model_registered", typeof(ModelRegistered)),
        ("provider_suspension_started", typeof(ProviderSuspensionStarted)),
        ("provider_suspension_lifted", typeof(ProviderSuspensionLifted)),
        ("ban_issued", typeof(BanIssued)),
        ("ban_amended", typeof(BanAmended)),
        ("ban_lifted", typeof(BanLifted)),
        ("negotiation_opened", typeof(NegotiationOpened)),
        ("negotiation_closed", typeof(NegotiationClosed)),
        ("safeguard_certified", typeof(SafeguardCertified)),
        ("safeguard_withdrawn", typeof(SafeguardWithdrawn)),
        ("exception_granted", typeof(ExceptionGranted)),
        ("exception_amended", typeof(ExceptionAmended)),
        ("exception_revoked", typeof(ExceptionRevoked)),
        ("organization_registered", typeof(OrganizationRegistered)),
        ("partner_provisioned", typeof(PartnerProvisioned)),
        ("partner_deprovisioned", typeof(PartnerDeprovisioned)),
        ("person_enrolled", typeof(PersonEnrolled)),
        ("person_relocated", typeof(PersonRelocated)),
        ("person_offboarded", typeof(PersonOffboarded)),
    ];

    private static readonly FrozenDictionary<string, Type> ByWireName = All.ToFrozenDictionary(x => x.Wire, x => x.Type, StringComparer.Ordinal);
    private static readonly FrozenDictionary<Type, string> ByType = All.ToFrozenDictionary(x => x.Type, x => x.Wire);

    /// <summary>Every wire name, in the order of the contract's table.</summary>
    public static IReadOnlyList<string> WireNames { get; } = All.Select(x => x.Wire).ToArray();

    /// <summary>Every (wire name, CLR type) pair.</summary>
    public static IEnumerable<KeyValuePair<string, Type>> Types => ByWireName;

    /// <summary>The CLR type of a wire name, or null when the contract has no such event.</summary>
    public static Type? TypeOf(string wireName) => ByWireName.GetValueOrDefault(wireName);

    /// <summary>The wire name of an event.</summary>
    public static string WireNameOf(ILedgerEvent e) => WireNameOf(e.GetType());

    /// <summary>The wire name of an event type.</summary>
    public static string WireNameOf(Type type) =>
        ByType.TryGetValue(type, out var name) ? name : throw new ArgumentException($"{type.Name} is not an event of the ledger contract.", nameof(type));

    /// <summary>The stream an event is appended to (LEDGER.md section 2).</summary>
    public static string StreamOf(ILedgerEvent e) => e switch
    {
        ModelRegistered x => Streams.Model(x.ModelId),
        ProviderSuspensionStarted x => Streams.Suspension(x.SuspensionId),
        ProviderSuspensionLifted x => Streams.Suspension(x.SuspensionId),
        BanIssued x => Streams.Directive(x.DirectiveId),
        BanAmended x => Streams.Directive(x.DirectiveId),
        BanLifted x => Streams.Directive(x.DirectiveId),
        NegotiationOpened x => Streams.Negotiation(x.CaseId),
        NegotiationClosed x => Streams.Negotiation(x.CaseId),
        SafeguardCertified x => Streams.Safeguard(x.CertificationId),
        SafeguardWithdrawn x => Streams.Safeguard(x.CertificationId),
        ExceptionGranted x => Streams.Exception(x.ExceptionId),
        ExceptionAmended x => Streams.Exception(x.ExceptionId),
        ExceptionRevoked x => Streams.Exception(x.ExceptionId),
        OrganizationRegistered x => Streams.Organization(x.OrgId),
        PartnerProvisioned x => Streams.Organization(x.OrgId),
        PartnerDeprovisioned x => Streams.Organization(x.OrgId),
        PersonEnrolled x => Streams.Person(x.PersonId),
        PersonRelocated x => Streams.Person(x.PersonId),
        PersonOffboarded x => Streams.Person(x.PersonId),
        _ => throw new ArgumentException($"{e.GetType().Name} is not an event of the ledger contract.", nameof(e)),
    };

    /// <summary>The <c>validTo</c> of events that carry one.</summary>
    public static DateTimeOffset? ValidToOf(ILedgerEvent e) => e switch
    {
        BanIssued x => x.ValidTo,
        SafeguardCertified x => x.ValidTo,
        ExceptionGranted x => x.ValidTo,
        _ => null,
    };
}

/// <summary>Stream keys of the contract. Suspensions have streams of their own.</summary>
public static class Streams
{
    /// <summary><c>model-{modelId}</c></summary>
    public static string Model(string modelId) => $"model-{modelId}";

    /// <summary><c>suspension-{suspensionId}</c></summary>
    public static string Suspension(string suspensionId) => $"suspension-{suspensionId}";

    /// <summary><c>directive-{directiveId}</c></summary>
    public static string Directive(string directiveId) => $"directive-{directiveId}";

    /// <summary><c>negotiation-{caseId}</c></summary>
    public static string Negotiation(string caseId) => $"negotiation-{caseId}";

    /// <summary><c>safeguard-{certificationId}</c></summary>
    public static string Safeguard(string certificationId) => $"safeguard-{certificationId}";

    /// <summary><c>exception-{exceptionId}</c></summary>
    public static string Exception(string exceptionId) => $"exception-{exceptionId}";

    /// <summary><c>org-{orgId}</c></summary>
    public static string Organization(string orgId) => $"org-{orgId}";

    /// <summary><c>person-{personId}</c></summary>
    public static string Person(string personId) => $"person-{personId}";
}

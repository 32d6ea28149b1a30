using System.Collections.Frozen;

namespace AccessLedger.Events;

/// <summary>
/// The registry of the contract's events: every kind, in the order of the contract's table. Each kind's declaration
/// (wire name, stream, rules, keys) sits beside its record (<c>BanIssued.Kind</c>), its folds beside the timelines
/// they change.
/// </summary>
public static class EventCatalog
{
    private static readonly EventKind[] All =
    [
        ModelRegistered.Kind,
        ModelClassified.Kind,
        ProviderSuspensionStarted.Kind,
        ProviderSuspensionLifted.Kind,
        BanIssued.Kind,
        BanAmended.Kind,
        BanLifted.Kind,
        BanValidityChanged.Kind,
        BanSuspended.Kind,
        BanReinstated.Kind,
        NegotiationOpened.Kind,
        NegotiationClosed.Kind,
        SafeguardCertified.Kind,
        SafeguardWithdrawn.Kind,
        ExceptionGranted.Kind,
        ExceptionAmended.Kind,
        ExceptionRevoked.Kind,
        ExceptionValidityChanged.Kind,
        ExceptionSuspended.Kind,
        ExceptionReinstated.Kind,
        OrganizationRegistered.Kind,
        PartnerProvisioned.Kind,
        PartnerDeprovisioned.Kind,
        OwnershipRecorded.Kind,
        PersonEnrolled.Kind,
        PersonRelocated.Kind,
        PersonOffboarded.Kind,
        PersonStatusChanged.Kind,
        CountryGroupDefined.Kind,
        CountryGroupAmended.Kind,
    ];

    private static readonly FrozenDictionary<string, EventKind> ByWireName = All.ToFrozenDictionary(k => k.WireName, StringComparer.Ordinal);
    private static readonly FrozenDictionary<Type, EventKind> ByType = All.ToFrozenDictionary(k => k.Type);

    /// <summary>Every wire name, in the order of the contract's table.</summary>
    public static IReadOnlyList<string> WireNames { get; } = All.Select(k => k.WireName).ToArray();

    /// <summary>Every (wire name, CLR type) pair.</summary>
    public static IEnumerable<KeyValuePair<string, Type>> Types => All.Select(k => KeyValuePair.Create(k.WireName, k.Type));

    /// <summary>Every kind, in the order of the contract's table.</summary>
    internal static IReadOnlyList<EventKind> Kinds => All;

    /// <summary>The CLR type of a wire name, or null when the contract has no such event.</summary>
    public static Type? TypeOf(string wireName) => ByWireName.GetValueOrDefault(wireName)?.Type;

    /// <summary>The wire name of an event.</summary>
    public static string WireNameOf(ILedgerEvent e) => WireNameOf(e.GetType());

    /// <summary>The wire name of an event type.</summary>
    public static string WireNameOf(Type type) => KindOf(type).WireName;

    /// <summary>The stream an event is appended to (LEDGER.md section 2).</summary>
    public static string StreamOf(ILedgerEvent e) => KindOf(e).StreamOf(e);

    /// <summary>The <c>validTo</c> of events that carry one.</summary>
    public static DateTimeOffset? ValidToOf(ILedgerEvent e) => KindOf(e).ValidToOf(e);

    /// <summary>The declaration of an event's kind.</summary>
    internal static EventKind KindOf(ILedgerEvent e) => KindOf(e?.GetType() ?? throw new ArgumentNullException(nameof(e)));

    /// <summary>The declaration of an event type's kind.</summary>
    internal static EventKind KindOf(Type type) =>
        ByType.TryGetValue(type, out var kind) ? kind : throw new ArgumentException($"{type.Name} is not an event of the ledger contract.", nameof(type));

    /// <summary>The declaration of the kind with this wire name, or null.</summary>
    internal static EventKind? KindOf(string wireName) => ByWireName.GetValueOrDefault(wireName);
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

    /// <summary><c>country-group-{groupId}</c></summary>
    public static string CountryGroup(string groupId) => $"country-group-{groupId}";
}

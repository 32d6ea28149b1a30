using AccessLedger.Events;
using AccessLedger.Wire;

namespace AccessLedger.Cli.Output;

/// <summary>One line of plain English for an event, for tables that people read (the <c>events</c> command, the demo).</summary>
internal static class EventText
{
    /// <summary>What the event says, e.g. "ban d1 by us-doc-bis on mythos-5, fable-5: foreign persons".</summary>
    public static string Describe(ILedgerEvent e) => e switch
    {
        ModelRegistered x => $"model {x.ModelId} ({x.Name}) of {x.ProviderId} registered, {Enum(x.Availability)}",
        ProviderSuspensionStarted x => $"{Ids(x.Models)} suspended for {Enum(x.Scope)} ({x.SuspensionId}: {x.Reason})",
        ProviderSuspensionLifted x => $"suspension {x.SuspensionId} lifted for {(x.Models.Count == 0 ? "all its models" : Ids(x.Models))}",
        BanIssued x => $"ban {x.DirectiveId} by {x.Regulator} on {Ids(x.Models)}: {Scope(x.Scope)}{Until(x.ValidTo)}",
        BanAmended x => $"ban {x.DirectiveId} amended{Change("adds", x.AddModels)}{Change("removes", x.RemoveModels)}",
        BanLifted x => $"ban {x.DirectiveId} lifted",
        BanValidityChanged x => $"ban {x.DirectiveId} now {(x.ValidTo is { } to ? $"ends {LedgerJson.Format(to)}" : "open-ended")}{Cited(x.Source)}",
        BanSuspended x => $"ban {x.DirectiveId} suspended{Until(x.ValidTo)}: {x.Reason}{Cited(x.Source)}",
        BanReinstated x => $"ban {x.DirectiveId} reinstated{Cited(x.Source)}",
        NegotiationOpened x => $"negotiation {x.CaseId} opened on {Ids(x.DirectiveIds)} by {Ids(x.Parties)}",
        NegotiationClosed x => $"negotiation {x.CaseId} closed: {x.Outcome}",
        SafeguardCertified x => $"safeguard {x.CertificationId} of {x.ProviderId} for {Ids(x.Models)} certified by {x.CertifiedBy}{Until(x.ValidTo)}",
        SafeguardWithdrawn x => $"safeguard {x.CertificationId} withdrawn: {x.Reason}",
        ExceptionGranted x => $"exception {x.ExceptionId} to {Ids(x.DirectiveIds)} for {Ids(x.Models)}: {string.Join("; ", x.Beneficiaries.Select(Beneficiary))}"
            + $"{(x.RequiresSafeguards.Count > 0 ? $"; needs {Ids(x.RequiresSafeguards)}" : "")}{(x.RequiresProvisioning ? ", provisioning" : "")}{Until(x.ValidTo)}",
        ExceptionAmended x => $"exception {x.ExceptionId} amended{Change("adds", x.AddOrganizations)}{Change("removes", x.RemoveOrganizations)}",
        ExceptionRevoked x => $"exception {x.ExceptionId} revoked: {x.Reason}",
        ExceptionValidityChanged x => $"exception {x.ExceptionId} now {(x.ValidTo is { } to ? $"ends {LedgerJson.Format(to)}" : "open-ended")}{Cited(x.Source)}",
        ExceptionSuspended x => $"exception {x.ExceptionId} suspended{Until(x.ValidTo)}: {x.Reason}{Cited(x.Source)}",
        ExceptionReinstated x => $"exception {x.ExceptionId} reinstated{Cited(x.Source)}",
        OrganizationRegistered x => $"organization {x.OrgId} ({x.Name}, {x.Country}{(x.UsPerson ? ", US person" : "")}) registered",
        PartnerProvisioned x => $"{x.OrgId} provisioned for {x.ModelId}{(x.ExceptionId is null ? "" : $" under {x.ExceptionId}")}",
        PartnerDeprovisioned x => $"{x.OrgId} deprovisioned from {x.ModelId}: {x.Reason}",
        PersonEnrolled x => $"{x.PersonId} enrolled at {x.OrgId} ({Ids(x.Citizenships)}, {Enum(x.UsPersonStatus)}, in {x.Location})",
        PersonRelocated x => $"{x.PersonId} relocated to {x.Location}",
        PersonOffboarded x => $"{x.PersonId} offboarded",
        _ => EventCatalog.WireNameOf(e),
    };

    private static string Ids(IEnumerable<string> ids) => string.Join(", ", ids);

    private static string Enum<T>(T value) where T : struct, System.Enum =>
        System.Text.Json.JsonSerializer.Serialize(value, LedgerJson.Options).Trim('"').Replace('_', ' ');

    private static string Scope(BanScope scope) => scope.Kind == BanScopeKind.Nationalities
        ? $"nationals of {Ids(scope.Nationalities ?? [])}"
        : Enum(scope.Kind);

    private static string Beneficiary(Beneficiary b) => b switch
    {
        OrganizationEmployees o => $"employees of {Ids(o.Organizations)}",
        ProviderEmployees p => $"{p.ProviderId}'s employees{(p.Locations is { Count: > 0 } l ? $" in {Ids(l)}" : "")}",
        _ => b.ToString(),
    };

    private static string Change(string verb, IReadOnlyList<string> ids) => ids.Count == 0 ? "" : $", {verb} {Ids(ids)}";

    private static string Cited(Source? source) => source is null ? "" : $" [{source.Citation}]";

    private static string Until(DateTimeOffset? validTo) => validTo is { } to ? $", until {LedgerJson.Format(to)}" : "";
}

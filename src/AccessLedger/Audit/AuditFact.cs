using AccessLedger.Events;
using AccessLedger.Timelines;

namespace AccessLedger.Audit;

/// <summary>
/// A recorded fact as an auditor reads it: where it is stored, both clocks, how long it holds, and one sentence.
/// </summary>
/// <param name="Event">Stream, version, wire type, recordedAt, validFrom and position.</param>
/// <param name="ValidTo">When the fact stops holding by itself (a ban, exception or safeguard with an end), else null.</param>
/// <param name="Summary">What the fact says, in one sentence.</param>
public sealed record AuditFact(EventRef Event, DateTimeOffset? ValidTo, string Summary)
{
    /// <summary>How long after taking effect the ledger recorded it (zero or negative when recorded on time or ahead).</summary>
    public TimeSpan Lag => Event.RecordedAt - Event.ValidFrom;

    /// <summary>Recorded after it took effect: answers about the time in between changed when it was recorded.</summary>
    public bool RecordedLate => Lag > TimeSpan.Zero;
}

/// <summary>Reads the facts out of timelines.</summary>
internal static class AuditFacts
{
    /// <summary>Every fact the timeline holds, in ledger order.</summary>
    public static IEnumerable<AuditFact> Of(Timeline timeline)
    {
        IEnumerable<AuditFact> facts = timeline switch
        {
            ModelTimeline m => m.Registrations.Select(Fact),
            DirectiveTimeline d => [.. Opening(d.Issued, d.Issued?.Event.ValidTo), .. d.Amendments.Select(Fact), .. d.Lifts.Select(Fact)],
            ExceptionTimeline x => [.. Opening(x.Granted, x.Granted?.Event.ValidTo), .. x.Amendments.Select(Fact), .. x.Revocations.Select(Fact)],
            SafeguardTimeline g => [.. Opening(g.Certified, g.Certified?.Event.ValidTo), .. g.Withdrawals.Select(Fact)],
            SuspensionTimeline s => [.. Opening(s.Started, null), .. s.Lifts.Select(Fact)],
            NegotiationTimeline n => [.. Opening(n.Opened, null), .. n.Closings.Select(Fact)],
            OrganizationTimeline o => [.. Opening(o.Registered, null), .. o.Provisionings.Select(Fact), .. o.Deprovisionings.Select(Fact)],
            PersonTimeline p => [.. p.Enrolments.Select(Fact), .. p.Relocations.Select(Fact), .. p.Offboardings.Select(Fact)],
            _ => [],
        };
        return facts.OrderBy(f => f.Event.Position);
    }

    /// <summary>The facts of several timelines, each once, in ledger order.</summary>
    public static IReadOnlyList<AuditFact> Of(IEnumerable<Timeline> timelines) =>
        timelines.SelectMany(Of).DistinctBy(f => f.Event.Position).OrderBy(f => f.Event.Position).ToList();

    /// <summary>The instants at which an answer built on these facts can change: validFrom, validTo and recordedAt.</summary>
    public static IEnumerable<DateTimeOffset> Instants(IEnumerable<AuditFact> facts) =>
        facts.SelectMany(f => f.ValidTo is { } to ? [f.Event.ValidFrom, to, f.Event.RecordedAt] : new[] { f.Event.ValidFrom, f.Event.RecordedAt });

    private static IEnumerable<AuditFact> Opening<T>(Recorded<T>? fact, DateTimeOffset? validTo) where T : ILedgerEvent =>
        fact is null ? [] : [new AuditFact(fact.Ref, validTo, Describe(fact.Event))];

    private static AuditFact Fact<T>(Recorded<T> fact) where T : ILedgerEvent => new(fact.Ref, null, Describe(fact.Event));

    /// <summary>One sentence for a fact.</summary>
    public static string Describe(ILedgerEvent e) => e switch
    {
        ModelRegistered x => $"model {x.ModelId} ({x.Name}) of {x.ProviderId} registered, {Wire.LedgerJson.Name(x.Availability)}",
        ProviderSuspensionStarted x => $"provider suspension {x.SuspensionId} of {List(x.Models)} for {(x.Scope == SuspensionScope.AllUsers ? "all users" : "foreign persons")}: {x.Reason}",
        ProviderSuspensionLifted x => $"suspension {x.SuspensionId} lifted for {(x.Models.Count == 0 ? "all its models" : List(x.Models))}",
        BanIssued x => $"ban {x.DirectiveId} issued by {x.Regulator} ({x.Instrument}) on {List(x.Models)} for {Scope(x.Scope)}",
        BanAmended x => $"ban {x.DirectiveId} amended{(x.AddModels.Count > 0 ? $", adds {List(x.AddModels)}" : "")}{(x.RemoveModels.Count > 0 ? $", removes {List(x.RemoveModels)}" : "")}",
        BanLifted x => $"ban {x.DirectiveId} lifted",
        NegotiationOpened x => $"negotiation {x.CaseId} on {List(x.DirectiveIds)} opened between {List(x.Parties)}",
        NegotiationClosed x => $"negotiation {x.CaseId} closed: {x.Outcome}",
        SafeguardCertified x => $"safeguard {x.CertificationId} of {x.ProviderId} for {List(x.Models)} certified by {x.CertifiedBy}",
        SafeguardWithdrawn x => $"safeguard {x.CertificationId} withdrawn: {x.Reason}",
        ExceptionGranted x => $"exception {x.ExceptionId} to {List(x.DirectiveIds)} granted for {List(x.Models)}",
        ExceptionAmended x => $"exception {x.ExceptionId} amended{(x.AddOrganizations.Count > 0 ? $", adds {List(x.AddOrganizations)}" : "")}{(x.RemoveOrganizations.Count > 0 ? $", removes {List(x.RemoveOrganizations)}" : "")}",
        ExceptionRevoked x => $"exception {x.ExceptionId} revoked: {x.Reason}",
        OrganizationRegistered x => $"organization {x.OrgId} ({x.Name}, {x.Country}{(x.UsPerson ? ", a US person" : "")}) registered",
        PartnerProvisioned x => $"{x.OrgId} provisioned for {x.ModelId}{(x.ExceptionId is null ? "" : $" under exception {x.ExceptionId}")}",
        PartnerDeprovisioned x => $"{x.OrgId} deprovisioned from {x.ModelId}: {x.Reason}",
        PersonEnrolled x => $"{x.PersonId} enrolled with {x.OrgId} ({List(x.Citizenships)}, {Wire.LedgerJson.Name(x.UsPersonStatus)}, in {x.Location})",
        PersonRelocated x => $"{x.PersonId} relocated to {x.Location}",
        PersonOffboarded x => $"{x.PersonId} offboarded",
        _ => e.GetType().Name,
    };

    private static string List(IEnumerable<string> items) => string.Join(", ", items);

    private static string Scope(BanScope scope) => scope.Kind switch
    {
        BanScopeKind.AllUsers => "all users",
        BanScopeKind.ForeignPersons => "foreign persons",
        _ => $"nationals of {List(scope.Nationalities ?? [])}",
    };
}

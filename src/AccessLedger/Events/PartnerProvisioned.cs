using AccessLedger.Rules;
using AccessLedger.Timelines;

namespace AccessLedger.Events;

/// <summary><c>partner_provisioned</c> on <c>org-{orgId}</c>: an organization is given access to a model.</summary>
/// <param name="OrgId">The organization.</param>
/// <param name="ModelId">The model.</param>
/// <param name="ExceptionId">The exception under which it is provisioned, if any.</param>
/// <param name="ValidFrom">From when.</param>
public sealed record PartnerProvisioned(string OrgId, string ModelId, DateTimeOffset ValidFrom, string? ExceptionId = null) : ILedgerEvent
{
    /// <summary>The declaration of <c>partner_provisioned</c>: stream, field checks, write rule, keys and what a decision reads.</summary>
    internal static EventKind<PartnerProvisioned> Kind { get; } = new("partner_provisioned", TimelineKind.Organization, x => x.OrgId)
    {
        Fields = (c, x) => c.Id("orgId", x.OrgId).Id("modelId", x.ModelId).OptionalId("exceptionId", x.ExceptionId).Done(x),
        Rule = (x, state) =>
        {
            var organization = WriteRules.RequireOrganization(state, x.OrgId, "provisioned");
            WriteRules.Require(
                state.Find<ModelTimeline>(x.ModelId) is { Registrations.Count: > 0 }, ErrorCodes.UnknownModel, $"model {x.ModelId} is not registered, so no organization can be provisioned for it.");
            if (x.ExceptionId is { } exceptionId)
            {
                WriteRules.RequireGranted(state, exceptionId, "cited by a provisioning");
            }

            organization.ProvisioningChangeAt(x.ModelId, x.ValidFrom, Knowledge.Now, out var provisioned);
            WriteRules.Require(!provisioned, ErrorCodes.AlreadyProvisioned, $"organization {x.OrgId} is already provisioned for {x.ModelId} at {x.ValidFrom:O}.");
        },
        RuleReads = x => [TimelineKind.Model.Key(x.ModelId), .. x.ExceptionId is null ? Array.Empty<(Type, string)>() : [TimelineKind.Exception.Key(x.ExceptionId)]],
        Text = x => $"{x.OrgId} provisioned for {x.ModelId}{(x.ExceptionId is null ? "" : $" under exception {x.ExceptionId}")}",
    };
}

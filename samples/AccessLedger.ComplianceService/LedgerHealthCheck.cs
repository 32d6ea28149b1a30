using AccessLedger.Writes;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AccessLedger.ComplianceService;

/// <summary>Healthy when the ledger's head can be read from the database.</summary>
internal sealed class LedgerHealthCheck(Ledger ledger) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var head = await ledger.GetHeadAsync(cancellationToken);
            return HealthCheckResult.Healthy($"ledger {ledger.Schema} at position {head.Position}");
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy($"the ledger's database cannot be read: {e.Message}", e);
        }
    }
}

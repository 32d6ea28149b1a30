using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace AccessLedger.ComplianceService;

/// <summary>
/// The built-in rate limiter, one fixed window per caller: the token's <c>sub</c>, or the remote address for a
/// request without a valid token. Past the limit the answer is 429 with <c>Retry-After</c>.
/// </summary>
internal static class RateLimiting
{
    public static IServiceCollection AddLedgerRateLimiting(this IServiceCollection services, RateLimitOptions limits) =>
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.GetFixedWindowLimiter(
                PartitionOf(context),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.PermitLimit, Window = limits.Window, QueueLimit = 0 }));
            o.OnRejected = (rejected, _) =>
            {
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    rejected.HttpContext.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                }

                return ValueTask.CompletedTask;
            };
        });

    private static string PartitionOf(HttpContext context) =>
        context.User.FindFirst(Policies.NameClaim)?.Value is { } name ? $"sub:{name}" : $"address:{context.Connection.RemoteIpAddress}";
}

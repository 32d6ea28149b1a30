namespace AccessLedger.ComplianceService;

/// <summary>The service's own limits, bound from the configuration section <c>ComplianceService</c>.</summary>
internal sealed class ServiceOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "ComplianceService";

    /// <summary>The largest <c>GET /events</c> page a caller may ask for.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>The page size of <c>GET /events</c> when the caller names none.</summary>
    public const int DefaultPageSize = 100;

    /// <summary>The largest request body, in bytes; a larger one is answered 413 before it is parsed. Default 4 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Requests one principal (or one anonymous address) may make per <see cref="RateLimitOptions.Window"/>.</summary>
    public RateLimitOptions RateLimit { get; set; } = new();
}

/// <summary>A fixed window per principal: <see cref="PermitLimit"/> requests per <see cref="Window"/>, then 429.</summary>
internal sealed class RateLimitOptions
{
    /// <summary>Requests per window. Default 600.</summary>
    public int PermitLimit { get; set; } = 600;

    /// <summary>The window. Default one minute.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

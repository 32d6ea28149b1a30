using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace AccessLedger.ComplianceService;

/// <summary>
/// How bearer tokens are checked, bound from the configuration section <c>Jwt</c>. With <see cref="Authority"/> the
/// keys come from that identity provider's metadata; without it, tokens must be signed (HS256) with
/// <see cref="SigningKey"/>, which is how the development tokens of <see cref="DevelopmentTokens"/> are signed.
/// </summary>
internal sealed class JwtSettings
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Jwt";

    /// <summary>An OpenID Connect issuer whose published keys sign the tokens (production).</summary>
    public string? Authority { get; set; }

    /// <summary>The <c>iss</c> every token must carry.</summary>
    public string Issuer { get; set; } = "accessledger-dev";

    /// <summary>The <c>aud</c> every token must carry.</summary>
    public string Audience { get; set; } = "accessledger-compliance-service";

    /// <summary>A symmetric key, base64, at least 32 bytes. Development and tests only: whoever has it can mint any role.</summary>
    public string? SigningKey { get; set; }

    /// <summary>The configured settings.</summary>
    public static JwtSettings From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<JwtSettings>() ?? new JwtSettings();

    /// <summary>The signing key, or an error that says what to configure.</summary>
    public SymmetricSecurityKey Key()
    {
        if (string.IsNullOrWhiteSpace(SigningKey))
        {
            throw new InvalidOperationException(
                "no way to check tokens: set Jwt:Authority to your identity provider, or (development only) Jwt:SigningKey to a base64 key of at least 32 bytes; appsettings.Development.json has one.");
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(SigningKey);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("Jwt:SigningKey is not base64; generate one with: openssl rand -base64 32");
        }

        return bytes.Length >= 32
            ? new SymmetricSecurityKey(bytes)
            : throw new InvalidOperationException($"Jwt:SigningKey has {bytes.Length} bytes; HS256 needs at least 32 (openssl rand -base64 32).");
    }
}

/// <summary>JWT bearer authentication from the ASP.NET Core stack, with the claim names of the tokens kept as they are.</summary>
internal static class AuthenticationSetup
{
    public static IServiceCollection AddLedgerAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = JwtSettings.From(configuration);
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            // "sub" and "role" stay "sub" and "role" instead of the long WS-Federation claim types.
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = settings.Issuer,
                ValidAudience = settings.Audience,
                NameClaimType = Policies.NameClaim,
                RoleClaimType = Policies.RoleClaim,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            if (string.IsNullOrWhiteSpace(settings.Authority))
            {
                o.TokenValidationParameters.IssuerSigningKey = settings.Key();
            }
            else
            {
                o.Authority = settings.Authority;
            }
        });
        return services;
    }
}

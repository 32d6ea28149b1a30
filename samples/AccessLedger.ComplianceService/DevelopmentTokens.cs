using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AccessLedger.ComplianceService;

/// <summary>
/// Mints tokens signed with the development key, for the demo and the tests:
/// <c>dotnet run --project samples/AccessLedger.ComplianceService -- token --name alice --role reader</c>.
/// Refused outside the Development environment: a real deployment gets its tokens from its identity provider.
/// </summary>
internal static class DevelopmentTokens
{
    public const string Usage = "usage: token --name NAME --role ROLE [--role ROLE ...] [--hours H]   roles: reader, regulatory-writer, administration-writer, history-import";

    /// <summary>A token naming <paramref name="name"/> (<c>sub</c>) with <paramref name="roles"/>, valid for <paramref name="lifetime"/>.</summary>
    public static string Create(JwtSettings settings, string name, IEnumerable<string> roles, TimeSpan lifetime, TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var identity = new ClaimsIdentity([new Claim(Policies.NameClaim, name), .. roles.Select(r => new Claim(Policies.RoleClaim, r))]);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = identity,
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(settings.Key(), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>The <c>token</c> command: prints a token on <paramref name="output"/>; returns the exit code (2 for bad arguments).</summary>
    public static int Run(IReadOnlyList<string> args, IConfiguration configuration, IHostEnvironment environment, TextWriter output, TextWriter error)
    {
        if (!environment.IsDevelopment())
        {
            error.WriteLine($"the token command mints development tokens only; the environment is '{environment.EnvironmentName}'. Run it with ASPNETCORE_ENVIRONMENT=Development (dotnet run does, through launchSettings.json).");
            return 2;
        }

        string? name = null;
        var roles = new List<string>();
        var hours = 8.0;
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            switch (args[i])
            {
                case "--name" when value is not null:
                    name = value;
                    break;
                case "--role" when value is not null && Roles.All.Contains(value):
                    roles.Add(value);
                    break;
                case "--hours" when double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var h) && h > 0:
                    hours = h;
                    break;
                default:
                    error.WriteLine($"'{args[i]}{(value is null ? "" : " " + value)}' is not understood. {Usage}");
                    return 2;
            }

            i++;
        }

        if (string.IsNullOrWhiteSpace(name) || roles.Count == 0)
        {
            error.WriteLine($"name the caller and at least one role. {Usage}");
            return 2;
        }

        try
        {
            output.WriteLine(Create(JwtSettings.From(configuration), name, roles, TimeSpan.FromHours(hours), TimeProvider.System));
            return 0;
        }
        catch (InvalidOperationException e)
        {
            error.WriteLine(e.Message);
            return 2;
        }
    }
}

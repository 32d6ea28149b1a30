using AccessLedger.ComplianceService;
using AccessLedger.MediatR;
using AccessLedger.Wire;

// `dotnet run -- token --name alice --role reader`: a development token, then exit (DevelopmentTokens).
var mintToken = args is ["token", ..];
var builder = WebApplication.CreateBuilder(mintToken ? [] : args);
if (mintToken)
{
    return DevelopmentTokens.Run(args[1..], builder.Configuration, builder.Environment, Console.Out, Console.Error);
}

// The ledger in a service that has no Marten store of its own: one call adds the store and the ledger (schema from
// the "AccessLedger" configuration section), one call adds its MediatR requests and notifications.
var connectionString = builder.Configuration.GetConnectionString("AccessLedger")
    ?? builder.Configuration["ACCESSLEDGER_CONNECTION"]
    ?? throw new InvalidOperationException("set ConnectionStrings:AccessLedger or ACCESSLEDGER_CONNECTION to a PostgreSQL connection string.");
builder.Services.AddAccessLedger(connectionString);
builder.Services.AddAccessLedgerMediatR();

// Who calls (a JWT), what each role may do, and how much: see docs/embedding.md, "The sample service over HTTP".
var options = builder.Configuration.GetSection(ServiceOptions.Section).Get<ServiceOptions>() ?? new ServiceOptions();
builder.Services.Configure<ServiceOptions>(builder.Configuration.GetSection(ServiceOptions.Section));
builder.Services.AddLedgerAuthentication(builder.Configuration);
builder.Services.AddAuthorizationBuilder().AddLedgerPolicies();
builder.Services.AddLedgerRateLimiting(options.RateLimit);
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);

builder.Services.ConfigureHttpJsonOptions(o => LedgerJson.Configure(o.SerializerOptions));
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = Problems.AddCode);
builder.Services.AddOpenApi(o => o.AddDocumentTransformer<OpenApiSecurity>().AddOperationTransformer<OpenApiSecurity>());
builder.Services.AddHealthChecks().AddCheck<LedgerHealthCheck>("ledger");

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();
app.MapOpenApi().AllowAnonymous();
app.MapHealthChecks("/health").AllowAnonymous();
app.MapEventEndpoints();
app.MapDecisionEndpoints();
app.Run();
return 0;

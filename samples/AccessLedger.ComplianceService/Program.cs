using AccessLedger.ComplianceService;
using AccessLedger.MediatR;
using AccessLedger.Wire;

var builder = WebApplication.CreateBuilder(args);

// The ledger in a service that has no Marten store of its own: one call adds the store and the ledger (schema from
// the "AccessLedger" configuration section), one call adds its MediatR requests and notifications.
var connectionString = builder.Configuration.GetConnectionString("AccessLedger")
    ?? builder.Configuration["ACCESSLEDGER_CONNECTION"]
    ?? throw new InvalidOperationException("set ConnectionStrings:AccessLedger or ACCESSLEDGER_CONNECTION to a PostgreSQL connection string.");
builder.Services.AddAccessLedger(connectionString);
builder.Services.AddAccessLedgerMediatR();

builder.Services.ConfigureHttpJsonOptions(o => LedgerJson.Configure(o.SerializerOptions));
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = Problems.AddCode);
builder.Services.AddOpenApi();
builder.Services.AddHealthChecks().AddCheck<LedgerHealthCheck>("ledger");

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapOpenApi();
app.MapHealthChecks("/health");
app.MapEventEndpoints();
app.MapDecisionEndpoints();
app.Run();

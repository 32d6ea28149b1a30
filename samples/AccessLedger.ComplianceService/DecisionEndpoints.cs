using System.ComponentModel;
using System.Text.Json;
using System.Text.RegularExpressions;
using AccessLedger.Decisions;
using AccessLedger.Events;
using AccessLedger.MediatR;
using AccessLedger.Rules;
using AccessLedger.Timelines;
using AccessLedger.Wire;
using MediatR;

namespace AccessLedger.ComplianceService;

/// <summary><c>GET /decisions</c>: the answer in the shape of the CLI's <c>check --json</c>, plus the checkpoint.</summary>
internal static partial class DecisionEndpoints
{
    public static void MapDecisionEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/decisions", DecideAsync)
            .RequireAuthorization(Policies.Read)
            .WithSummary("May the subject (person, or org + citizenship + usPerson + location) do 'activity' (use when absent) with the model at valid time 'at', " +
                "as known at 'knownAt' (now when absent) on the 'knowledge' basis (recorded, the default, or notice: what the public record said)?")
            .Produces<DecisionResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesCallerProblems();

    private static async Task<IResult> DecideAsync(
        string? model, string? at, string? knownAt, string? person, string? org, string? citizenship, string? usPerson, string? location,
        [Description("The activity asked about, a slug (e.g. use, weights_transfer, security_research); use when absent.")] string? activity,
        [Description("What 'knownAt' counts: recorded (events the ledger recorded by then; the default) or notice (events the public record had published by then).")] string? knowledge,
        IMediator mediator, CancellationToken cancellationToken)
    {
        try
        {
            var subject = SubjectOf(person, org, citizenship, usPerson, location);
            var request = new MayUse(
                Required(model, "model"),
                subject,
                Instant(Required(at, "at"), "at"),
                knownAt is null ? null : Instant(knownAt, "knownAt"),
                Activity(activity),
                Knowledge(knowledge));
            return TypedResults.Ok(DecisionResponse.Of(await mediator.Send(request, cancellationToken)));
        }
        catch (LedgerRuleException e)
        {
            return Problems.Rule(e);
        }
    }

    private static Subject SubjectOf(string? person, string? org, string? citizenship, string? usPerson, string? location)
    {
        var adHoc = org ?? citizenship ?? usPerson ?? location;
        if (person is not null)
        {
            return adHoc is null ? Subject.Person(person) : throw Invalid("ask about a person, or about org, citizenship, usPerson and location; not both.");
        }

        if (adHoc is null)
        {
            throw Invalid("name a person, or org, citizenship, usPerson and location.");
        }

        UsPersonStatus status;
        try
        {
            status = JsonSerializer.Deserialize<UsPersonStatus>(JsonSerializer.Serialize(Required(usPerson, "usPerson")), LedgerJson.Options);
        }
        catch (JsonException)
        {
            throw Invalid($"usPerson '{usPerson}' is not one of citizen, permanent_resident, protected, none.");
        }

        var citizenships = Required(citizenship, "citizenship").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return Subject.AdHoc(Required(org, "org"), citizenships, status, Required(location, "location"));
    }

    private static string Activity(string? activity) =>
        activity is null ? Activities.Use
        : Slug().IsMatch(activity) ? activity
        : throw Invalid($"activity '{activity}' is not an identifier: lower-case letters, digits, '.', '_' or '-', e.g. weights_transfer.");

    private static KnowledgeBasis Knowledge(string? knowledge) => knowledge switch
    {
        null or "recorded" => KnowledgeBasis.Recorded,
        "notice" => KnowledgeBasis.Notice,
        _ => throw Invalid($"knowledge '{knowledge}' is not one of recorded, notice."),
    };

    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]{0,63}\z")]
    private static partial Regex Slug();

    private static string Required(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw Invalid($"'{name}' is missing.") : value;

    private static DateTimeOffset Instant(string text, string name) =>
        LedgerJson.TryParseInstant(text) ?? throw Invalid($"{name} '{text}' is not a timestamp with an offset; write it like 2026-06-12T21:21:00Z.");

    private static LedgerRuleException Invalid(string message) => new(ErrorCodes.InvalidField, message);
}

/// <summary>The CLI's <c>check --json</c> shape (LEDGER.md sections 6 and 7.5), plus the ledger head it was decided at.</summary>
internal sealed record DecisionResponse(
    string Decision, string Activity, string Knowledge, IReadOnlyList<ReasonResponse> Reasons, IReadOnlyList<EventRefResponse> Basis, LedgerCheckpoint? Checkpoint)
{
    public static DecisionResponse Of(Decision d) => new(
        d.Allowed ? "allowed" : "denied",
        d.Activity,
        LedgerJson.Name(d.Knowledge),
        d.Reasons.Select(r => new ReasonResponse(r.Code, r.Message, r.Events.Select(EventRefResponse.Of).ToList())).ToList(),
        d.Basis.Select(EventRefResponse.Of).ToList(),
        d.Checkpoint);
}

/// <summary>A failing gate.</summary>
internal sealed record ReasonResponse(string Code, string Message, IReadOnlyList<EventRefResponse> Events);

/// <summary>An event cited by a decision.</summary>
internal sealed record EventRefResponse(string Stream, long Version, string Type, DateTimeOffset RecordedAt, DateTimeOffset ValidFrom)
{
    public static EventRefResponse Of(EventRef e) => new(e.Stream, e.Version, e.Type, e.RecordedAt, e.ValidFrom);
}

using System.Runtime.CompilerServices;
using System.Text.Json;
using AccessLedger.MediatR;
using AccessLedger.Rules;
using AccessLedger.Wire;
using AccessLedger.Writes;
using MediatR;

namespace AccessLedger.ComplianceService;

/// <summary><c>POST /events</c> (one wire envelope, or an NDJSON batch) and <c>GET /events</c>.</summary>
internal static class EventEndpoints
{
    public const string Ndjson = "application/x-ndjson";

    public static void MapEventEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/events", RecordAsync)
            .WithSummary("Records one event (application/json: the wire envelope of LEDGER.md section 3) or a batch (application/x-ndjson: one envelope a line), all or nothing.")
            .Accepts<EventEnvelope>("application/json", Ndjson)
            .Produces<WriteResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        app.MapGet("/events", Read)
            .WithSummary("The events the ledger had recorded by knownAt (all when absent), oldest first, optionally of one stream.")
            .Produces<IAsyncEnumerable<EventResponse>>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> RecordAsync(HttpRequest request, IMediator mediator, CancellationToken cancellationToken)
    {
        var mediaType = request.GetTypedHeaders().ContentType?.MediaType.Value;
        using var body = new StreamReader(request.Body);
        var commands = new List<LedgerCommand>();
        List<int>? lines = null;
        if (string.Equals(mediaType, Ndjson, StringComparison.OrdinalIgnoreCase))
        {
            // The batch is recorded all or nothing, so it is held whole anyway; reading it first keeps the I/O async.
            lines = [];
            using var text = new StringReader(await body.ReadToEndAsync(cancellationToken));
            foreach (var (lineNumber, command, error) in NdjsonReader.Read(text))
            {
                if (error is not null)
                {
                    return Problems.Wire(error);
                }

                commands.Add(command!);
                lines.Add(lineNumber);
            }
        }
        else if (request.HasJsonContentType())
        {
            var (command, error) = NdjsonReader.ParseLine(await body.ReadToEndAsync(cancellationToken), 1);
            if (error is not null)
            {
                return Problems.BadInput(error.Code, error.Message, error.Type is null ? null : new Dictionary<string, object?> { ["type"] = error.Type });
            }

            commands.Add(command!);
        }
        else
        {
            return TypedResults.Problem(
                $"send one event as application/json or a batch as {Ndjson}, not '{mediaType}'.",
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type; nothing was written.",
                extensions: new Dictionary<string, object?> { ["code"] = Problems.UnsupportedMediaType });
        }

        try
        {
            var result = await mediator.Send(new RecordEvents(commands), cancellationToken);
            return TypedResults.Ok(new WriteResponse(result.Recorded, result.Repeated, result.Results));
        }
        catch (LedgerRuleException e)
        {
            return Problems.Rule(e, lines);
        }
    }

    private static IResult Read(string? knownAt, string? stream, IMediator mediator)
    {
        DateTimeOffset? k = null;
        if (knownAt is not null)
        {
            k = LedgerJson.TryParseInstant(knownAt);
            if (k is null)
            {
                return Problems.BadInput(ErrorCodes.InvalidField, $"knownAt '{knownAt}' is not a timestamp with an offset; write it like 2026-06-12T21:21:00Z.");
            }
        }

        return TypedResults.Ok(Responses(mediator.CreateStream(new EventsKnownAt(k, stream))));

        static async IAsyncEnumerable<EventResponse> Responses(IAsyncEnumerable<RecordedEvent> events, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var e in events.WithCancellation(cancellationToken))
            {
                yield return new EventResponse(e.Position, e.EventId, e.Stream, e.Version, e.Type, e.RecordedAt, e.ValidFrom, e.CommandId, e.Actor, e.Data, e.Hash);
            }
        }
    }
}

/// <summary>The wire envelope of one event (LEDGER.md section 3), for the OpenAPI document.</summary>
/// <param name="Type">The wire type, e.g. <c>ban_issued</c>.</param>
/// <param name="Data">The event's fields.</param>
/// <param name="RecordedAt">Only for an import of history.</param>
/// <param name="CommandId">The idempotency key.</param>
/// <param name="Actor">Who writes it.</param>
internal sealed record EventEnvelope(string Type, JsonElement Data, DateTimeOffset? RecordedAt, string? CommandId, string? Actor);

/// <summary>What a write recorded.</summary>
/// <param name="Recorded">Events written.</param>
/// <param name="Repeated">Commands skipped as idempotent repeats.</param>
/// <param name="Results">One per event, in order.</param>
internal sealed record WriteResponse(int Recorded, int Repeated, IReadOnlyList<RecordResult> Results);

/// <summary>A stored event.</summary>
internal sealed record EventResponse(long Position, Guid EventId, string Stream, long Version, string Type, DateTimeOffset RecordedAt, DateTimeOffset ValidFrom, string CommandId, string? Actor, object Data, string Hash);

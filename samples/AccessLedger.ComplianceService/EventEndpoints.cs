using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using AccessLedger.Events;
using AccessLedger.MediatR;
using AccessLedger.Rules;
using AccessLedger.Wire;
using AccessLedger.Writes;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace AccessLedger.ComplianceService;

/// <summary><c>POST /events</c> (one wire envelope, or an NDJSON batch) and <c>GET /events</c> (one page).</summary>
internal static class EventEndpoints
{
    public const string Ndjson = "application/x-ndjson";

    public static void MapEventEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/events", RecordAsync)
            .RequireAuthorization(Policies.Write)
            .WithSummary("Records one event (application/json: the wire envelope of LEDGER.md section 3) or a batch (application/x-ndjson: one envelope a line), all or nothing. The actor is the caller; recordedAt only with the history-import role.")
            .Accepts<EventEnvelope>("application/json", Ndjson)
            .Produces<WriteResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesCallerProblems();

        app.MapGet("/events", ReadAsync)
            .RequireAuthorization(Policies.Read)
            .WithSummary($"One page of the events the ledger had recorded by knownAt (all when absent), oldest first, optionally of one stream: those after position 'after' (default 0), at most 'limit' (default {ServiceOptions.DefaultPageSize}, at most {ServiceOptions.MaxPageSize}); 'next' links the following page.")
            .Produces<EventPage>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesCallerProblems();
    }

    private static async Task<IResult> RecordAsync(
        HttpRequest request, ClaimsPrincipal caller, IAuthorizationService authorization, IOptions<ServiceOptions> options, IMediator mediator, CancellationToken cancellationToken)
    {
        var mediaType = request.GetTypedHeaders().ContentType?.MediaType.Value;
        var ndjson = string.Equals(mediaType, Ndjson, StringComparison.OrdinalIgnoreCase);
        if (!ndjson && !request.HasJsonContentType())
        {
            return TypedResults.Problem(
                $"send one event as application/json or a batch as {Ndjson}, not '{mediaType}'.",
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type; nothing was written.",
                extensions: new Dictionary<string, object?> { ["code"] = Problems.UnsupportedMediaType });
        }

        var limit = options.Value.MaxRequestBodyBytes;
        var bytes = await RequestBody.ReadAsync(request, limit, cancellationToken);
        if (bytes is null)
        {
            return Problems.TooLarge(limit);
        }

        var (text, invalidLine) = RequestBody.Decode(bytes);
        if (text is null)
        {
            return Problems.BadInput(
                Problems.Malformed,
                $"line {invalidLine} is not valid UTF-8 text; send the body encoded as UTF-8.",
                new Dictionary<string, object?> { ["line"] = invalidLine });
        }

        var commands = new List<LedgerCommand>();
        List<int> lines = [];
        if (ndjson)
        {
            using var reader = new StringReader(text);
            foreach (var (lineNumber, command, error) in NdjsonReader.Read(reader))
            {
                if (error is not null)
                {
                    return Problems.Wire(error);
                }

                commands.Add(command!);
                lines.Add(lineNumber);
            }
        }
        else
        {
            var (command, error) = NdjsonReader.ParseLine(text, 1);
            if (error is not null)
            {
                return Problems.BadInput(error.Code, error.Message, error.Type is null ? null : new Dictionary<string, object?> { ["eventType"] = error.Type });
            }

            commands.Add(command!);
        }

        var refused = await AuthorizeAsync(caller, commands, lines, ndjson, authorization);
        if (refused is not null)
        {
            return refused;
        }

        try
        {
            var result = await mediator.Send(new RecordEvents(commands), cancellationToken);
            return TypedResults.Ok(new WriteResponse(result.Recorded, result.Repeated, result.Results));
        }
        catch (LedgerRuleException e)
        {
            return Problems.Rule(e, ndjson ? lines : null);
        }
    }

    /// <summary>
    /// Checks every line against what the caller may write, in order, and puts the caller's name in its
    /// <c>actor</c>; the first line the caller may not write is the answer, and nothing is written.
    /// </summary>
    private static async Task<IResult?> AuthorizeAsync(
        ClaimsPrincipal caller, List<LedgerCommand> commands, List<int> lines, bool batch, IAuthorizationService authorization)
    {
        var actor = caller.Identity!.Name!;
        var allowed = new Dictionary<string, bool>(StringComparer.Ordinal);
        for (var i = 0; i < commands.Count; i++)
        {
            var command = commands[i];
            var type = EventCatalog.WireNameOf(command.Event);
            var (line, index) = batch ? (lines[i], i) : ((int?)null, (int?)null);
            if (Policies.ToRecord(type) is not { } family)
            {
                return Problems.Refused(StatusCodes.Status403Forbidden, Problems.EventTypeNotAllowed, $"no role may record {type} through this service.", line, index, type);
            }

            if (!await AllowedAsync(family.Policy))
            {
                return Problems.Refused(StatusCodes.Status403Forbidden, Problems.EventTypeNotAllowed, $"{type} is recorded by the role {family.Role}, which '{actor}' does not have.", line, index, type);
            }

            if (command.RecordedAt is not null && !await AllowedAsync(Policies.StateRecordedAt))
            {
                return Problems.Refused(
                    StatusCodes.Status403Forbidden,
                    Problems.RecordedAtNotAllowed,
                    $"only an import of history (the role {Roles.HistoryImport}) may state recordedAt; leave it out and the ledger's clock records when the ledger learned the fact.",
                    line,
                    index,
                    type);
            }

            if (command.Actor is not null && !string.Equals(command.Actor, actor, StringComparison.Ordinal))
            {
                return Problems.Refused(
                    StatusCodes.Status400BadRequest,
                    Problems.ActorMismatch,
                    $"the line names an actor other than the caller '{actor}'; the actor is taken from the credentials, so leave it out.",
                    line,
                    index,
                    type);
            }

            commands[i] = command with { Actor = actor };
        }

        return null;

        async Task<bool> AllowedAsync(string policy)
        {
            if (!allowed.TryGetValue(policy, out var ok))
            {
                allowed[policy] = ok = (await authorization.AuthorizeAsync(caller, policy)).Succeeded;
            }

            return ok;
        }
    }

    private static async Task<IResult> ReadAsync(string? knownAt, string? stream, string? after, string? limit, HttpRequest request, IMediator mediator, CancellationToken cancellationToken)
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

        var from = 0L;
        if (after is not null && (!long.TryParse(after, System.Globalization.NumberStyles.None, null, out from)))
        {
            return Problems.BadInput(ErrorCodes.InvalidField, $"after '{after}' is not a ledger position (0 or a positive whole number).");
        }

        var size = ServiceOptions.DefaultPageSize;
        if (limit is not null && (!int.TryParse(limit, System.Globalization.NumberStyles.None, null, out size) || size is < 1 or > ServiceOptions.MaxPageSize))
        {
            return Problems.BadInput(ErrorCodes.InvalidField, $"limit '{limit}' is not a page size from 1 to {ServiceOptions.MaxPageSize}.");
        }

        var events = new List<EventResponse>(Math.Min(size, 128));
        var more = false;
        // One more than the page, to know whether a next page exists.
        await foreach (var e in mediator.CreateStream(new EventsKnownAt(k, stream, from, size + 1), cancellationToken))
        {
            if (events.Count == size)
            {
                more = true;
                break;
            }

            events.Add(new EventResponse(e.Position, e.EventId, e.Stream, e.Version, e.Type, e.RecordedAt, e.ValidFrom, e.CommandId, e.Actor, e.Data, e.Hash));
        }

        return TypedResults.Ok(new EventPage(events, more ? Next(request, events[^1].Position, size, knownAt, stream) : null));
    }

    private static string Next(HttpRequest request, long after, int size, string? knownAt, string? stream)
    {
        var query = QueryString.Create("after", after.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Add("limit", size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        query = knownAt is null ? query : query.Add("knownAt", knownAt);
        query = stream is null ? query : query.Add("stream", stream);
        return $"{request.PathBase}{request.Path}{query}";
    }
}

/// <summary>The wire envelope of one event (LEDGER.md section 3), for the OpenAPI document.</summary>
/// <param name="Type">The wire type, e.g. <c>ban_issued</c>.</param>
/// <param name="Data">The event's fields.</param>
/// <param name="RecordedAt">Only for an import of history (the role history-import); otherwise refused.</param>
/// <param name="CommandId">The idempotency key.</param>
/// <param name="Actor">Leave it out: the actor is the authenticated caller; another name is refused.</param>
internal sealed record EventEnvelope(string Type, JsonElement Data, DateTimeOffset? RecordedAt, string? CommandId, string? Actor);

/// <summary>What a write recorded.</summary>
/// <param name="Recorded">Events written.</param>
/// <param name="Repeated">Commands skipped as idempotent repeats.</param>
/// <param name="Results">One per event, in order.</param>
internal sealed record WriteResponse(int Recorded, int Repeated, IReadOnlyList<RecordResult> Results);

/// <summary>One page of events.</summary>
/// <param name="Events">Oldest first.</param>
/// <param name="Next">The URL of the following page (same filters, after the last position here), or null on the last page.</param>
internal sealed record EventPage(IReadOnlyList<EventResponse> Events, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Next);

/// <summary>A stored event.</summary>
internal sealed record EventResponse(long Position, Guid EventId, string Stream, long Version, string Type, DateTimeOffset RecordedAt, DateTimeOffset ValidFrom, string CommandId, string? Actor, object Data, string Hash);

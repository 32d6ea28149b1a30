using AccessLedger.Rules;
using AccessLedger.Wire;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AccessLedger.ComplianceService;

/// <summary>
/// Errors as RFC 9457 problem details. The stable error code of the ledger is the extension member <c>code</c>;
/// <c>line</c> (NDJSON), <c>index</c> (0-based in the batch) and <c>eventType</c> (the event's wire type) say where.
/// (Not <c>type</c>: RFC 9457 reserves it for the problem type's URI, and a member may appear once.)
/// </summary>
internal static class Problems
{
    public const string UnsupportedMediaType = "unsupported_media_type";

    /// <summary>The body is larger than <see cref="ServiceOptions.MaxRequestBodyBytes"/>.</summary>
    public const string RequestTooLarge = "request_too_large";

    /// <summary>A line of the body is not valid UTF-8.</summary>
    public const string Malformed = "malformed";

    /// <summary>A line names an <c>actor</c> other than the authenticated caller.</summary>
    public const string ActorMismatch = "actor_mismatch";

    /// <summary>The caller's roles do not include the one that may record the line's event type.</summary>
    public const string EventTypeNotAllowed = "event_type_not_allowed";

    /// <summary>A line states <c>recordedAt</c> and the caller is not an import of history.</summary>
    public const string RecordedAtNotAllowed = "recorded_at_not_allowed";

    public static ProblemHttpResult BadInput(string code, string detail, IDictionary<string, object?>? where = null) =>
        Problem(StatusCodes.Status400BadRequest, "The request is not valid ledger input; nothing was written.", code, detail, where);

    public static ProblemHttpResult Wire(WireError error) =>
        BadInput(error.Code, error.Message, Where(line: error.LineNumber, index: null, type: error.Type));

    /// <summary>A line the caller may not write; <paramref name="index"/> is its 0-based place in the batch.</summary>
    public static ProblemHttpResult Refused(int status, string code, string detail, int? line, int? index, string type) =>
        Problem(status, "The caller may not write this; nothing was written.", code, detail, Where(line, index, type));

    public static ProblemHttpResult TooLarge(long limit) =>
        Problem(
            StatusCodes.Status413PayloadTooLarge,
            "The request body is too large; nothing was written.",
            RequestTooLarge,
            $"a request body may have at most {limit} bytes; send the events in smaller batches, or import a large history with the command line (accessledger import).",
            null);

    /// <summary>A write the ledger refused. <paramref name="lines"/> maps a batch index to its NDJSON line.</summary>
    public static ProblemHttpResult Rule(LedgerRuleException e, IReadOnlyList<int>? lines = null)
    {
        var where = Where(line: e.Index is { } i && lines is not null ? lines[i] : null, index: lines is null ? null : e.Index, type: e.EventType);
        return e.Code is ErrorCodes.ConcurrencyConflict or ErrorCodes.IdempotencyConflict
            ? Problem(StatusCodes.Status409Conflict, "The write conflicts with what the ledger holds; nothing was written.", e.Code, e.Message, where)
            : BadInput(e.Code, e.Message, where);
    }

    /// <summary>Gives the problems the framework writes (no route, wrong media type, a crash) a stable code too.</summary>
    public static void AddCode(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Detail ??= problem.Status switch
        {
            StatusCodes.Status401Unauthorized => "send a valid bearer token (Authorization: Bearer ...); docs/embedding.md says how to mint one for development.",
            StatusCodes.Status403Forbidden => "the token's roles do not allow this call; docs/embedding.md lists which role allows what.",
            StatusCodes.Status429TooManyRequests => "too many requests from this caller; wait the seconds in Retry-After, then try again.",
            _ => null,
        };
        problem.Extensions.TryAdd("code", problem.Status switch
        {
            StatusCodes.Status401Unauthorized => "unauthorized",
            StatusCodes.Status403Forbidden => "forbidden",
            StatusCodes.Status404NotFound => "not_found",
            StatusCodes.Status405MethodNotAllowed => "method_not_allowed",
            StatusCodes.Status413PayloadTooLarge => RequestTooLarge,
            StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
            StatusCodes.Status429TooManyRequests => "rate_limited",
            >= 500 => "internal_error",
            _ => "bad_request",
        });
    }

    private static Dictionary<string, object?> Where(int? line, int? index, string? type)
    {
        var where = new Dictionary<string, object?>();
        if (line is not null)
        {
            where["line"] = line;
        }

        if (index is not null)
        {
            where["index"] = index;
        }

        if (type is not null)
        {
            where["eventType"] = type;
        }

        return where;
    }

    private static ProblemHttpResult Problem(int status, string title, string code, string detail, IDictionary<string, object?>? where)
    {
        var extensions = new Dictionary<string, object?>(where ?? new Dictionary<string, object?>()) { ["code"] = code };
        return TypedResults.Problem(detail, statusCode: status, title: title, extensions: extensions);
    }
}

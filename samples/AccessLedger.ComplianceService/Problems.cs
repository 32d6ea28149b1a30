using AccessLedger.Rules;
using AccessLedger.Wire;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AccessLedger.ComplianceService;

/// <summary>
/// Errors as RFC 9457 problem details. The stable error code of the ledger is the extension member <c>code</c>;
/// <c>line</c> (NDJSON), <c>index</c> (0-based in the batch) and <c>type</c> (the event's wire type) say where.
/// </summary>
internal static class Problems
{
    public const string UnsupportedMediaType = "unsupported_media_type";

    public static ProblemHttpResult BadInput(string code, string detail, IDictionary<string, object?>? where = null) =>
        Problem(StatusCodes.Status400BadRequest, "The request is not valid ledger input; nothing was written.", code, detail, where);

    public static ProblemHttpResult Wire(WireError error) =>
        BadInput(error.Code, error.Message, Where(line: error.LineNumber, index: null, type: error.Type));

    /// <summary>A write the ledger refused. <paramref name="lines"/> maps a batch index to its NDJSON line.</summary>
    public static ProblemHttpResult Rule(LedgerRuleException e, IReadOnlyList<int>? lines = null)
    {
        var where = Where(line: e.Index is { } i && lines is not null ? lines[i] : null, index: lines is null ? null : e.Index, type: e.EventType);
        return e.Code is ErrorCodes.ConcurrencyConflict or ErrorCodes.IdempotencyConflict
            ? Problem(StatusCodes.Status409Conflict, "The write conflicts with what the ledger holds; nothing was written.", e.Code, e.Message, where)
            : BadInput(e.Code, e.Message, where);
    }

    /// <summary>Gives the problems the framework writes (no route, wrong media type, a crash) a stable code too.</summary>
    public static void AddCode(ProblemDetailsContext context) =>
        context.ProblemDetails.Extensions.TryAdd("code", context.ProblemDetails.Status switch
        {
            StatusCodes.Status404NotFound => "not_found",
            StatusCodes.Status405MethodNotAllowed => "method_not_allowed",
            StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
            >= 500 => "internal_error",
            _ => "bad_request",
        });

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
            where["type"] = type;
        }

        return where;
    }

    private static ProblemHttpResult Problem(int status, string title, string code, string detail, IDictionary<string, object?>? where)
    {
        var extensions = new Dictionary<string, object?>(where ?? new Dictionary<string, object?>()) { ["code"] = code };
        return TypedResults.Problem(detail, statusCode: status, title: title, extensions: extensions);
    }
}

using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace AccessLedger.ComplianceService;

/// <summary>A request body read whole, up to a limit, and decoded as strict UTF-8.</summary>
internal static class RequestBody
{
    /// <summary>The body's bytes, or null when it is larger than <paramref name="limit"/> (nothing more is read then).</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Kestrel's own limit (set to the same value) ended the body first.
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// The body as text. Invalid UTF-8 is not replaced by U+FFFD (that would store something other than was sent):
    /// the answer is the 1-based line that holds the first invalid byte.
    /// </summary>
    public static (string? Text, int? InvalidLine) Decode(byte[] bytes)
    {
        var span = bytes.AsSpan();
        if (span.StartsWith(Encoding.UTF8.Preamble))
        {
            span = span[Encoding.UTF8.Preamble.Length..];
        }

        var chars = new char[span.Length];
        var status = Utf8.ToUtf16(span, chars, out var bytesRead, out var charsWritten, replaceInvalidSequences: false);
        return status == OperationStatus.Done
            ? (new string(chars, 0, charsWritten), null)
            : (null, span[..bytesRead].Count((byte)'\n') + 1);
    }
}

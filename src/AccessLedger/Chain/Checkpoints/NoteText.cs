using System.Text;

namespace AccessLedger.Chain.Checkpoints;

/// <summary>The text rules of C2SP signed notes (c2sp.org/signed-note) and the strict base64 they carry.</summary>
internal static class NoteText
{
    /// <summary>UTF-8 that refuses what it cannot encode (half a surrogate pair) instead of replacing it.</summary>
    public static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// A key name: not empty, no Unicode space, no plus (the signed-note rules), and no control character (a note
    /// may hold none but the newline).
    /// </summary>
    public static bool IsValidKeyName(string name) =>
        name.Length > 0 && IsWellFormed(name) && !name.Any(c => char.IsWhiteSpace(c) || c == '+' || c < ' ');

    /// <summary>Text a note may hold: well-formed UTF-16 (so UTF-8 without replacement), no control character but the newline.</summary>
    public static bool IsNoteText(string text) => IsWellFormed(text) && !text.Any(c => c < ' ' && c != '\n');

    /// <summary>Standard base64 (RFC 4648 section 4) in its one canonical spelling: padded, no whitespace, zero pad bits.</summary>
    public static bool TryDecodeBase64(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length % 4 != 0 || text.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '+' || c == '/' || c == '=')))
        {
            return false;
        }

        var buffer = new byte[text.Length / 4 * 3];
        if (!Convert.TryFromBase64String(text, buffer, out var written) || Convert.ToBase64String(buffer, 0, written) != text)
        {
            return false;
        }

        bytes = buffer[..written];
        return true;
    }

    private static bool IsWellFormed(string text)
    {
        try
        {
            _ = Utf8.GetByteCount(text);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }
}

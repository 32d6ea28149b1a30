using System.Globalization;
using System.Text;

namespace AccessLedger.Rules;

/// <summary>What text the ledger stores and shows: the checks every string of the input passes, and how a message quotes it.</summary>
internal static class TextRules
{
    /// <summary>Characters of a value an error message quotes; the rest is elided.</summary>
    private const int Shown = 40;

    /// <summary>
    /// Why <paramref name="value"/> cannot be stored or shown, or null. PostgreSQL cannot store a NUL character or half
    /// of a surrogate pair; a control character (an ANSI escape, say) would act on the terminal that prints it. Free
    /// text may hold tabs and line breaks; a <paramref name="label"/> (an actor, a commandId) holds none of those, nor
    /// invisible formatting characters, so two labels that print alike are alike.
    /// </summary>
    public static string? Problem(string value, bool label)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            if (c == '\0')
            {
                return "contains a NUL character (\\u0000), which PostgreSQL cannot store";
            }

            if (char.IsSurrogate(c))
            {
                return $"contains half of a surrogate pair ({Escape(c)}), which is not text";
            }

            if (char.IsControl(c) && (label || c is not ('\t' or '\n' or '\r')))
            {
                return c == '\u001b'
                    ? "contains an escape character (\\u001b), which would drive the terminal that prints it"
                    : $"contains the control character {Escape(c)}";
            }

            if (label && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                return $"contains the invisible formatting character {Escape(c)}";
            }
        }

        return null;
    }

    /// <summary>The bytes of <paramref name="value"/> in UTF-8.</summary>
    public static int Utf8Bytes(string value) => Encoding.UTF8.GetByteCount(value);

    /// <summary>
    /// <paramref name="value"/> as a message may quote it: in single quotes, control and formatting characters and
    /// halves of surrogate pairs written as <c>\uXXXX</c>, and at most 40 characters of it.
    /// </summary>
    public static string Quote(string? value)
    {
        if (value is null)
        {
            return "null";
        }

        var text = new StringBuilder("'");
        var length = Math.Min(value.Length, Shown);
        for (var i = 0; i < length; i++)
        {
            var c = value[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);
            if (pair)
            {
                text.Append(c).Append(value[++i]);
            }
            else if (char.IsControl(c) || char.IsSurrogate(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                text.Append(Escape(c));
            }
            else
            {
                text.Append(c);
            }
        }

        if (value.Length > length)
        {
            return text.Append(CultureInfo.InvariantCulture, $"…' ({value.Length:N0} characters)").ToString();
        }

        text.Append('\'');

        return text.ToString();
    }

    private static string Escape(char c) => $"\\u{(int)c:x4}";
}

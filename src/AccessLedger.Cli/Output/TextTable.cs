using System.Text;

namespace AccessLedger.Cli.Output;

/// <summary>Plain aligned columns for the text output: no colours, no box characters, the same on a terminal and in a file.</summary>
internal static class TextTable
{
    /// <summary>Writes <paramref name="rows"/> with each column padded to its widest cell, two spaces apart; the last column is not padded.</summary>
    public static string Format(IReadOnlyList<IReadOnlyList<string>> rows, string indent = "")
    {
        if (rows.Count == 0)
        {
            return "";
        }

        var widths = Enumerable.Range(0, rows.Max(r => r.Count))
            .Select(c => rows.Max(r => c < r.Count ? r[c].Length : 0))
            .ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.Append(indent);
            for (var c = 0; c < row.Count; c++)
            {
                text.Append(c == row.Count - 1 ? row[c] : row[c].PadRight(widths[c] + 2));
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}

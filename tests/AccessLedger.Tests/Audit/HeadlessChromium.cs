using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;

namespace AccessLedger.Tests.Audit;

/// <summary>
/// Renders a local page with headless Chromium (installed by eng/ensure-chromium.sh): a screenshot, the page's
/// scroll size at a given width, or a print to PDF; and turns a PDF into PNG pages with poppler's pdftoppm.
/// </summary>
internal static partial class HeadlessChromium
{
    /// <summary>The Chromium binary: ACCESSLEDGER_CHROMIUM, else chromium, chromium-browser or google-chrome on PATH.</summary>
    public static string Binary() =>
        Environment.GetEnvironmentVariable("ACCESSLEDGER_CHROMIUM") is { Length: > 0 } configured
            ? configured
            : OnPath("chromium", "chromium-browser", "google-chrome")
              ?? throw new InvalidOperationException("Chromium is needed to render the audit report: run eng/ensure-chromium.sh (or sudo apt-get install -y chromium), or set ACCESSLEDGER_CHROMIUM.");

    /// <summary>Renders <paramref name="page"/> in a window of <paramref name="width"/>×<paramref name="height"/> and returns the PNG.</summary>
    public static async Task<byte[]> ScreenshotAsync(string page, string directory, int width = 1600, int height = 1200)
    {
        var png = Path.Combine(directory, $"screenshot-{width}x{height}.png");
        File.Delete(png);
        await RunAsync(directory, "--hide-scrollbars", $"--screenshot={png}", $"--window-size={width},{height}", new Uri(page).AbsoluteUri);
        return File.Exists(png) ? await File.ReadAllBytesAsync(png) : throw new InvalidOperationException($"Chromium wrote no screenshot of {page}.");
    }

    /// <summary>
    /// The page's layout in a viewport <paramref name="width"/> CSS pixels wide: the scrolling element's scroll width
    /// (wider than the viewport means a sideways scroll), its scroll height, and its client width. The page is loaded
    /// in a frame of that width by a probe page that writes what it measures into its title.
    /// </summary>
    public static async Task<(int ScrollWidth, int ScrollHeight, int ClientWidth)> MeasureAsync(string page, string directory, int width)
    {
        var probe = Path.Combine(directory, "probe.html");
        await File.WriteAllTextAsync(probe, $$"""
            <!DOCTYPE html><html><head><title>not measured</title></head><body style="margin:0">
            <iframe id="f" src="{{new Uri(page).AbsoluteUri}}" style="width:{{width}}px;height:900px;border:0"></iframe>
            <script>document.getElementById('f').addEventListener('load', function () {
              var d = this.contentDocument.scrollingElement; document.title = 'measured ' + d.scrollWidth + ' ' + d.scrollHeight + ' ' + d.clientWidth; });</script>
            </body></html>
            """);
        var dom = await RunAsync(directory, "--allow-file-access-from-files", "--dump-dom", new Uri(probe).AbsoluteUri);
        var measured = Measured().Match(dom);
        return measured.Success
            ? (int.Parse(measured.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(measured.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(measured.Groups[3].Value, CultureInfo.InvariantCulture))
            : throw new InvalidOperationException($"Chromium did not measure {page}: {dom[..Math.Min(dom.Length, 500)]}");
    }

    /// <summary>Prints <paramref name="page"/> to PDF as a user would (its own @page size, no header or footer) and returns the file.</summary>
    public static async Task<string> PrintToPdfAsync(string page, string directory)
    {
        var pdf = Path.Combine(directory, "print.pdf");
        File.Delete(pdf);
        await RunAsync(directory, "--no-pdf-header-footer", $"--print-to-pdf={pdf}", new Uri(page).AbsoluteUri);
        return File.Exists(pdf) ? pdf : throw new InvalidOperationException($"Chromium printed no PDF of {page}.");
    }

    /// <summary>The pages of <paramref name="pdf"/> as PNG files at <paramref name="dpi"/>, in order (poppler's pdftoppm).</summary>
    public static async Task<IReadOnlyList<string>> PdfPagesAsync(string pdf, string directory, int dpi)
    {
        var pdftoppm = OnPath("pdftoppm")
            ?? throw new InvalidOperationException("pdftoppm (poppler-utils) is needed to look at the printed audit report: run eng/ensure-chromium.sh (or sudo apt-get install -y poppler-utils).");
        var prefix = Path.Combine(directory, "page");
        var (exit, output) = await RunProcessAsync(pdftoppm, ["-r", dpi.ToString(CultureInfo.InvariantCulture), "-png", pdf, prefix]);
        var pages = Directory.GetFiles(directory, "page-*.png").Order(StringComparer.Ordinal).ToList();
        return exit == 0 && pages.Count > 0 ? pages : throw new InvalidOperationException($"pdftoppm failed (exit {exit}): {output}");
    }

    private static async Task<string> RunAsync(string directory, params string[] arguments)
    {
        string[] common =
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={Path.Combine(directory, "profile")}",
        ];
        var (_, output) = await RunProcessAsync(Binary(), [.. common, .. arguments]);
        return output;
    }

    private static async Task<(int Exit, string Output)> RunProcessAsync(string file, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(guard.Token);
        return (process.ExitCode, await output + await error);
    }

    private static string? OnPath(params string[] names)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator);
        return names.SelectMany(name => path.Select(dir => Path.Combine(dir, name))).FirstOrDefault(File.Exists);
    }

    [GeneratedRegex(@"<title>measured (\d+) (\d+) (\d+)</title>")]
    private static partial Regex Measured();
}

/// <summary>A tiny PNG reader: 8-bit RGB or RGBA, not interlaced (what Chromium writes), to count what is on the page.</summary>
internal static class Png
{
    /// <summary>The pixels as 0xRRGGBB, row by row.</summary>
    public static (int Width, int Height, int[] Pixels) Decode(byte[] png)
    {
        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        for (var at = 8; at < png.Length;)
        {
            var length = (png[at] << 24) | (png[at + 1] << 16) | (png[at + 2] << 8) | png[at + 3];
            var type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                width = (data[0] << 24) | (data[1] << 16) | (data[2] << 8) | data[3];
                height = (data[4] << 24) | (data[5] << 16) | (data[6] << 8) | data[7];
                if (data[8] != 8 || data[12] != 0 || (data[9] != 2 && data[9] != 6))
                {
                    throw new NotSupportedException($"PNG bit depth {data[8]}, colour type {data[9]}, interlace {data[12]}");
                }

                channels = data[9] == 6 ? 4 : 3;
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }

            at += 12 + length;
        }

        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        var raw = inflated.ToArray();
        var stride = width * channels;
        var previous = new byte[stride];
        var current = new byte[stride];
        var pixels = new int[width * height];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            Array.Copy(raw, (y * (stride + 1)) + 1, current, 0, stride);
            for (var i = 0; i < stride; i++)
            {
                int left = i >= channels ? current[i - channels] : 0, up = previous[i], corner = i >= channels ? previous[i - channels] : 0;
                current[i] = (byte)(current[i] + filter switch
                {
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, corner),
                    _ => 0,
                });
            }

            for (var x = 0; x < width; x++)
            {
                pixels[(y * width) + x] = (current[x * channels] << 16) | (current[(x * channels) + 1] << 8) | current[(x * channels) + 2];
            }

            (previous, current) = (current, previous);
        }

        return (width, height, pixels);
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var (pa, pb, pc) = (Math.Abs(p - a), Math.Abs(p - b), Math.Abs(p - c));
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}

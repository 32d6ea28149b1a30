using System.Diagnostics;
using System.IO.Compression;

namespace AccessLedger.Tests.Audit;

/// <summary>Takes a screenshot of a local page with headless Chromium (installed by eng/ensure-chromium.sh).</summary>
internal static class HeadlessChromium
{
    /// <summary>The Chromium binary: ACCESSLEDGER_CHROMIUM, else chromium, chromium-browser or google-chrome on PATH.</summary>
    public static string Binary()
    {
        if (Environment.GetEnvironmentVariable("ACCESSLEDGER_CHROMIUM") is { Length: > 0 } configured)
        {
            return configured;
        }

        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator);
        return new[] { "chromium", "chromium-browser", "google-chrome" }
            .SelectMany(name => path.Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("Chromium is needed to render the audit report: run eng/ensure-chromium.sh (or sudo apt-get install -y chromium), or set ACCESSLEDGER_CHROMIUM.");
    }

    /// <summary>Renders <paramref name="page"/> at 1600×1200 and returns the PNG.</summary>
    public static async Task<byte[]> ScreenshotAsync(string page, string directory)
    {
        var png = Path.Combine(directory, "screenshot.png");
        var start = new ProcessStartInfo(Binary())
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={Path.Combine(directory, "profile")}",
            $"--screenshot={png}", "--window-size=1600,1200", new Uri(page).AbsoluteUri,
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(guard.Token);
        if (!File.Exists(png))
        {
            throw new InvalidOperationException($"Chromium wrote no screenshot (exit {process.ExitCode}): {await output} {await error}");
        }

        return await File.ReadAllBytesAsync(png);
    }
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

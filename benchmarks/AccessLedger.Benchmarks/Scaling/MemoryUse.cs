using System.Diagnostics;

namespace AccessLedger.Benchmarks.Scaling;

/// <summary>
/// The memory one phase of a run takes in this process (the benchmark process is the ledger's client; PostgreSQL is
/// another process and is not counted).
/// <list type="bullet">
/// <item><see cref="AllocatedBytes"/>: bytes allocated on the managed heap during the phase
/// (<c>GC.GetTotalAllocatedBytes(precise: true)</c>, exact), divided by <see cref="Runs"/>.</item>
/// <item><see cref="PeakHeapBytes"/>: the highest the managed heap rose above where it stood when the phase began (after
/// a full collection): the larger of <c>GC.GetTotalMemory(false)</c> sampled every few milliseconds and the heap size
/// just before each collection seen (<c>GCMemoryInfo.GenerationInfo[].SizeBeforeBytes</c>). It counts objects not yet
/// collected too, so it is what the phase made the process hold, not only what stayed alive.</item>
/// <item><see cref="PeakWorkingSetBytes"/>: the process's peak resident set during the phase (Linux: VmHWM, reset
/// through <c>/proc/self/clear_refs</c> at the start, so exact; elsewhere sampled), the whole process: runtime,
/// code, the generated ledger held by the harness (<see cref="StartWorkingSetBytes"/> is where it began).</item>
/// </list>
/// </summary>
internal sealed record MemoryUse(int Runs, double AllocatedBytes, double PeakHeapBytes, double StartHeapBytes, double PeakWorkingSetBytes, double StartWorkingSetBytes, bool WorkingSetExact)
{
    /// <summary>Runs <paramref name="phase"/> and measures it.</summary>
    public static async Task<(T Result, MemoryUse Memory)> MeasureAsync<T>(int runs, Func<Task<T>> phase)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var startHeap = GC.GetTotalMemory(false);
        var startWorkingSet = Environment.WorkingSet;
        var exact = ResetPeakResidentSet();
        var startAllocated = GC.GetTotalAllocatedBytes(precise: true);
        var peakHeap = startHeap;
        var peakWorkingSet = startWorkingSet;
        var lastGc = GC.GetGCMemoryInfo(GCKind.Any).Index;
        using var done = new CancellationTokenSource();

        void Sample()
        {
            peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
            var info = GC.GetGCMemoryInfo(GCKind.Any);
            if (info.Index != lastGc)
            {
                lastGc = info.Index;
                var before = 0L;
                foreach (var generation in info.GenerationInfo)
                {
                    before += generation.SizeBeforeBytes;
                }

                peakHeap = Math.Max(peakHeap, before);
            }

            if (!exact)
            {
                peakWorkingSet = Math.Max(peakWorkingSet, Environment.WorkingSet);
            }
        }

        var sampler = new Thread(() =>
        {
            while (!done.IsCancellationRequested)
            {
                Sample();
                Thread.Sleep(2);
            }
        })
        { IsBackground = true, Name = "memory sampler" };
        sampler.Start();
        T result;
        try
        {
            result = await phase().ConfigureAwait(false);
        }
        finally
        {
            await done.CancelAsync().ConfigureAwait(false);
            sampler.Join();
        }

        Sample();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - startAllocated;
        if (exact)
        {
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            peakWorkingSet = process.PeakWorkingSet64;
        }

        return (result, new MemoryUse(runs, (double)allocated / runs, peakHeap - startHeap, startHeap, peakWorkingSet, startWorkingSet, exact));
    }

    // Writing 5 to clear_refs resets the peak resident set (VmHWM) to the current one (Linux 4.0 and later).
    private static bool ResetPeakResidentSet()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DirectoryNotFoundException)
        {
            return false;
        }
    }

    /// <summary>One line for the results: allocated, peak heap above the start, peak working set.</summary>
    public string Describe() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"{AllocatedBytes / Mib:N0} MiB allocated{(Runs > 1 ? " per run" : "")}, managed heap peak +{PeakHeapBytes / Mib:N0} MiB (from {StartHeapBytes / Mib:N0}), working set peak {PeakWorkingSetBytes / Mib:N0} MiB (from {StartWorkingSetBytes / Mib:N0}{(WorkingSetExact ? "" : ", sampled")})");

    private const double Mib = 1024 * 1024;
}

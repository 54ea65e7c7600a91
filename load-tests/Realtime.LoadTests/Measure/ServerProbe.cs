using System.Diagnostics;

namespace Realtime.LoadTests.Measure;

/// <summary>CPU time and resident memory of the server processes under test (same machine, by pid).</summary>
public sealed class ServerProbe(IReadOnlyList<int> pids)
{
    public bool Enabled => pids.Count > 0;

    public TimeSpan CpuTime() => Sum(p => p.TotalProcessorTime.Ticks, ticks => TimeSpan.FromTicks(ticks));

    public long ResidentBytes() => Sum(p => p.WorkingSet64, bytes => bytes);

    private T Sum<T>(Func<Process, long> read, Func<long, T> wrap)
    {
        long total = 0;
        foreach (var pid in pids)
        {
            using var process = Process.GetProcessById(pid);
            process.Refresh();
            total += read(process);
        }
        return wrap(total);
    }
}

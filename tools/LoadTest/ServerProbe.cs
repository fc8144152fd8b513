using System.Globalization;

namespace Spaces.LoadTest;

/// <summary>A server process's CPU time and resident memory, read from /proc (Linux).</summary>
public readonly record struct ServerSample(double CpuMs, long RssKib)
{
    /// <summary>The kernel counts CPU time in clock ticks of 1/100 s (USER_HZ) on Linux.</summary>
    private const double TicksPerSecond = 100;

    public static ServerSample Read(IReadOnlyList<int> pids)
    {
        double cpu = 0;
        long rss = 0;
        foreach (var pid in pids)
        {
            // Fields after the parenthesised command name: utime and stime are the 14th and 15th of the line.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            cpu += (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 1000 / TicksPerSecond;
            var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            rss += long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }

        return new ServerSample(cpu, rss);
    }
}

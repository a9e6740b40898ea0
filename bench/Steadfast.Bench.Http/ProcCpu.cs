using System.Globalization;

namespace Steadfast.Bench.Http;

/// <summary>
/// CPU time from <c>/proc</c> (Linux): a process's utime+stime from <c>/proc/&lt;pid&gt;/stat</c>, including its
/// waited-for children (cutime+cstime, so <c>node</c> worker processes would count), and the whole machine's busy and
/// total time from <c>/proc/stat</c>, so the share taken by other engineers' processes can be shown next to ours.
/// </summary>
internal static class ProcCpu
{
    // USER_HZ is 100 on Linux.
    private const double TickSeconds = 0.01;

    public static double ProcessSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

            // Fields 14–17 of proc(5) (utime, stime, cutime, cstime) are at 11–14 once pid and comm are cut off.
            var ticks = 0L;
            for (var i = 11; i <= 14; i++)
            {
                ticks += long.Parse(fields[i], CultureInfo.InvariantCulture);
            }

            return ticks * TickSeconds;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    /// <summary>Busy and total CPU seconds of the whole machine, summed over all cores (first line of /proc/stat).</summary>
    public static (double Busy, double Total) Machine()
    {
        var line = File.ReadLines("/proc/stat").First();
        var v = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();

        // user nice system idle iowait irq softirq steal (guest is already in user).
        var idle = v[3] + v[4];
        var total = v.Take(8).Sum();
        return ((total - idle) * TickSeconds, total * TickSeconds);
    }

    public static string LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"{parts[0]} {parts[1]} {parts[2]}";
        }
        catch (IOException)
        {
            return "?";
        }
    }
}

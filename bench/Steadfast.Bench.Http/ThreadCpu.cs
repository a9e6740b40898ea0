using System.Globalization;

namespace Steadfast.Bench.Http;

/// <summary>
/// CPU seconds of a process's threads whose name starts with a prefix, from <c>/proc/&lt;pid&gt;/task/*/stat</c>.
/// The SQLite store's single writer thread is <c>steadfast-sqlite-writer</c> (the kernel keeps 15 characters).
/// </summary>
internal static class ThreadCpu
{
    public const string Writer = "steadfast-sqlit";

    /// <summary>The runtime's background tier-1 JIT thread: its CPU is warm-up, not per-call cost.</summary>
    public const string Jit = ".NET Tiered Com";

    /// <summary>CPU seconds per thread id of the matching threads now.</summary>
    public static Dictionary<int, double> Snapshot(int pid, string namePrefix)
    {
        var result = new Dictionary<int, double>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/task"))
            {
                try
                {
                    if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith(namePrefix, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var stat = File.ReadAllText(Path.Combine(task, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                    result[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] = ticks * 0.01;
                }
                catch (IOException)
                {
                    // The thread ended.
                }
            }
        }
        catch (IOException)
        {
            // The process ended.
        }

        return result;
    }

    /// <summary>
    /// CPU the matching threads used between two snapshots. A thread that ended in between (the runtime retires an
    /// idle tiering thread and starts a new one later) is not counted, so this is a lower bound.
    /// </summary>
    public static double Delta(Dictionary<int, double> before, Dictionary<int, double> after) =>
        after.Sum(kv => kv.Value - before.GetValueOrDefault(kv.Key));
}

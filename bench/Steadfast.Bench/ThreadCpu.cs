using System.Globalization;

namespace Steadfast.Bench;

/// <summary>
/// CPU time of named threads of a process, from <c>/proc/&lt;pid&gt;/task/*/stat</c> (Linux). The SQLite store's
/// single writer thread is named <c>steadfast-sqlite-writer</c> (the kernel keeps the first 15 characters), so its
/// busy share tells whether the one writer is the bottleneck.
/// </summary>
internal static class ThreadCpu
{
    public const string Writer = "steadfast-sqlit";

    public static TimeSpan Of(int pid, string namePrefix)
    {
        var ticks = 0L;
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith(namePrefix, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var stat = File.ReadAllText(Path.Combine(task, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                }
                catch (IOException)
                {
                    // The thread ended.
                }
            }
        }
        catch (IOException)
        {
            return TimeSpan.Zero;
        }

        // USER_HZ is 100 on Linux.
        return TimeSpan.FromMilliseconds(ticks * 10);
    }
}

using System.Diagnostics;

namespace Steadfast.Bench;

/// <summary>The disk's raw write+fsync latency: the floor of any durable commit.</summary>
internal static class FsyncProbe
{
    public static int Run(BenchArgs cli)
    {
        var count = cli.Int("--count", 300);
        cli.EnsureAllUsed();
        var (p50, p99, perSecond) = Measure(count);
        var table = new ResultTable("fsync probe (4 KiB write + fsync, same disk as the databases)", "samples", "p50 ms", "p99 ms", "fsyncs/s (serial)");
        table.Add(count, p50, p99, perSecond);
        table.Print();
        return 0;
    }

    public static (double P50, double P99, double PerSecond) Measure(int count)
    {
        var dir = Stats.TempDir("fsync");
        try
        {
            var data = new byte[4096];
            var samples = new double[count];
            using var file = new FileStream(Path.Combine(dir, "probe"), FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None);
            var total = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                var t = Stopwatch.GetTimestamp();
                file.Write(data);
                file.Flush(flushToDisk: true);
                samples[i] = Stats.Ms(Stopwatch.GetTimestamp() - t);
            }

            var perSecond = count / total.Elapsed.TotalSeconds;
            Array.Sort(samples);
            return (Stats.Percentile(samples, 50), Stats.Percentile(samples, 99), perSecond);
        }
        finally
        {
            Stats.TryDelete(dir);
        }
    }
}

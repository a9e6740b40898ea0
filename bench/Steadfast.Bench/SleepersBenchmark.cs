using System.Diagnostics;
using System.Runtime;
using System.Text.Json;
using Steadfast.Engine.Storage;
using Steadfast.Sdk;

namespace Steadfast.Bench;

/// <summary>Target 4: 100k runs sleeping at once — memory while they sleep, and how late each wakes.</summary>
internal static class SleepersBenchmark
{
    public static async Task<int> RunAsync(BenchArgs cli)
    {
        var runs = cli.Int("--runs", 100_000);
        var lead = cli.Double("--lead", 30);
        var spread = cli.Double("--spread", 30);
        var batch = cli.Int("--batch", 500);
        var inflight = cli.Int("--inflight", 4);
        cli.EnsureAllUsed();

        var lag = new double[runs];
        Array.Fill(lag, double.NaN);
        var sleeping = 0;
        var woken = 0;
        var allAsleep = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var allAwake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var baseline = Memory();
        await using var engine = await EmbeddedEngine.StartAsync("sleepers", b => b.AddFunction<JsonElement>(
            new FunctionOptions { Id = "sleeper", Trigger = "bench/sleep" },
            async ctx =>
            {
                var due = ctx.Event.Data.GetProperty("due").GetInt64();
                var i = ctx.Event.Data.GetProperty("i").GetInt32();
                await ctx.Step.SleepUntil("nap", DateTimeOffset.FromUnixTimeMilliseconds(due));
                await ctx.Step.Run("woke", () =>
                {
                    if (double.IsNaN(lag[i]))
                    {
                        lag[i] = (DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeMilliseconds(due)).TotalMilliseconds;
                        if (Interlocked.Increment(ref woken) == runs)
                        {
                            allAwake.TrySetResult();
                        }
                    }
                });
                return null;
            }));
        engine.Notifications.RunChanged += (_, history, _) =>
        {
            foreach (var h in history)
            {
                if (h.Type == HistoryTypes.SleepStarted && Interlocked.Increment(ref sleeping) == runs)
                {
                    allAsleep.TrySetResult();
                }
            }
        };
        var idle = Memory();

        var start = DateTimeOffset.UtcNow;
        var firstDue = start.AddSeconds(lead).ToUnixTimeMilliseconds();
        var spreadMs = spread * 1000;
        var batchCount = (runs + batch - 1) / batch;
        var cpu0 = Stats.Cpu();
        var commits0 = engine.Store.Commits;
        var writes0 = engine.Store.Writes;
        var sw = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, inflight).Select(_ => Task.Run(async () =>
        {
            int b;
            while ((b = Interlocked.Increment(ref next)) < batchCount)
            {
                // Built per batch and dropped: the benchmark must not hold 100k event documents while memory is measured.
                await engine.Ingestor.IngestAsync(EmbeddedEngine.Events("bench/sleep", b * batch, Math.Min(batch, runs - (b * batch)), i => new { i, due = firstDue + (long)(i * spreadMs / runs) }));
            }
        })));
        var ingested = sw.Elapsed;
        await allAsleep.Task.WaitAsync(TimeSpan.FromSeconds(lead * 3));
        var asleep = sw.Elapsed;
        var createCpu = Stats.Cpu() - cpu0;
        var createCommits = engine.Store.Commits - commits0;
        var createWrites = engine.Store.Writes - writes0;
        var asleepAt = DateTimeOffset.UtcNow;
        var held = Memory();
        var awakeBeforeMeasure = Volatile.Read(ref woken);

        var lastDue = DateTimeOffset.FromUnixTimeMilliseconds(firstDue + (long)spreadMs);
        var deadline = lastDue - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        var finished = await Task.WhenAny(allAwake.Task, Task.Delay(deadline)) == allAwake.Task;
        var wakeCpu = Stats.Cpu() - cpu0 - createCpu;

        var lags = lag.Where(l => !double.IsNaN(l)).ToArray();
        Array.Sort(lags);
        var table = new ResultTable($"sleepers: {runs:N0} runs, SleepUntil due {lead:0}..{lead + spread:0} s after start, then one step", "metric", "measured", "target");
        table.Add("time to create (all events committed) s", ingested.TotalSeconds, "");
        table.Add("time until all are sleeping s", asleep.TotalSeconds, "");
        table.Add("creation rate (runs asleep / s)", runs / asleep.TotalSeconds, "");
        table.Add("all asleep before the first due time", asleepAt.ToUnixTimeMilliseconds() < firstDue ? "yes" : $"NO, {(asleepAt.ToUnixTimeMilliseconds() - firstDue) / 1000.0:0.0} s late", "yes");
        table.Add("woke before memory was measured", awakeBeforeMeasure, "0");
        table.Add("working set MB: before engine / engine idle / 100k asleep", $"{baseline.WorkingSet:0} / {idle.WorkingSet:0} / {held.WorkingSet:0}", "<= 300 (asleep)");
        table.Add("GC heap MB after full GC: idle / asleep", $"{idle.Heap:0} / {held.Heap:0}", "");
        table.Add("GC committed MB: idle / asleep", $"{idle.Committed:0} / {held.Committed:0}", "");
        table.Add("private bytes MB (asleep)", held.Private, "");
        table.Add("woken", $"{lags.Length:N0} of {runs:N0}{(finished ? "" : " (timed out)")}", "all");
        table.Add("wake lag p50 ms", Stats.Percentile(lags, 50), "");
        table.Add("wake lag p90 ms", Stats.Percentile(lags, 90), "");
        table.Add("wake lag p99 ms", Stats.Percentile(lags, 99), "<= 50");
        table.Add("wake lag max ms", lags.Length > 0 ? lags[^1] : double.NaN, "");
        table.Add("wake lag min ms", lags.Length > 0 ? lags[0] : double.NaN, ">= 0");
        table.Add("creation: commits / writes", $"{createCommits:N0} / {createWrites:N0}", "");
        table.Add("CPU s: creation / wake phase", $"{createCpu.TotalSeconds:0.0} / {wakeCpu.TotalSeconds:0.0}", "");
        table.Add("wake rate needed (runs/s)", runs / spread, "");
        table.Print();
        return 0;
    }

    private sealed record Mem(double WorkingSet, double Heap, double Committed, double Private);

    private static Mem Memory()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var p = Process.GetCurrentProcess();
        const double Mb = 1024 * 1024;
        return new Mem(p.WorkingSet64 / Mb, GC.GetTotalMemory(false) / Mb, GC.GetGCMemoryInfo().TotalCommittedBytes / Mb, p.PrivateMemorySize64 / Mb);
    }
}

using System.Diagnostics;
using System.Text.Json;
using Steadfast.Engine.Storage;
using Steadfast.Sdk;

namespace Steadfast.Bench;

/// <summary>Target 2: runs of a three-step function completed per second, end to end, durable.</summary>
internal static class StepsBenchmark
{
    public static async Task<int> RunAsync(BenchArgs cli)
    {
        var runs = cli.Int("--runs", 20_000);
        var batch = cli.Int("--batch", 100);
        var inflight = cli.Int("--inflight", 4);
        var sync = cli.Str("--sync", "FULL");
        cli.EnsureAllUsed();

        // Warm-up engine (JIT, SQLite), then a fresh one for the measurement.
        await MeasureAsync(Math.Min(2_000, runs), batch, inflight, sync);
        var r = await MeasureAsync(runs, batch, inflight, sync);

        var table = new ResultTable($"steps: {runs:N0} runs x 3 step.Run, events in batches of {batch} ({inflight} in flight), synchronous={sync}", "metric", "measured", "target");
        table.Add("runs completed/s (ingest start -> last Completed)", r.Runs / r.Total.TotalSeconds, ">= 3,000");
        table.Add("steps/s", r.Runs * 3 / r.Total.TotalSeconds, "");
        table.Add("total s", r.Total.TotalSeconds, "");
        table.Add("ingest phase s (all events committed)", r.Ingest.TotalSeconds, "");
        table.Add("commits", r.Commits, "");
        table.Add("writes (transitions + claims + event batches)", r.Writes, "");
        table.Add("writes per commit (group size)", (double)r.Writes / Math.Max(1, r.Commits), "");
        table.Add("commits/s", r.Commits / r.Total.TotalSeconds, "");
        table.Add("writes per run", (double)r.Writes / r.Runs, "");
        table.Add("CPU s (process) / wall s", $"{r.Cpu.TotalSeconds:0.0} / {r.Total.TotalSeconds:0.0} ({r.Cpu.TotalSeconds / r.Total.TotalSeconds / Environment.ProcessorCount:P0} of {Environment.ProcessorCount} cores)", "");
        table.Add("CPU ms per run", r.Cpu.TotalMilliseconds / r.Runs, "");
        table.Add("SQLite writer thread busy (CPU s / wall s)", $"{r.WriterCpu.TotalSeconds / r.Total.TotalSeconds:P0}", "");
        table.Add("writer CPU us per run", r.WriterCpu.TotalMilliseconds * 1000 / r.Runs, "");
        table.Print();
        return 0;
    }

    private sealed record Result(int Runs, TimeSpan Total, TimeSpan Ingest, long Commits, long Writes, TimeSpan Cpu, TimeSpan WriterCpu);

    private static async Task<Result> MeasureAsync(int runs, int batch, int inflight, string sync)
    {
        var completed = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var engine = await EmbeddedEngine.StartAsync("steps", b => b.AddFunction<JsonElement>(
            new FunctionOptions { Id = "three-steps", Trigger = "bench/steps" },
            async ctx =>
            {
                var a = await ctx.Step.Run("a", () => ctx.Event.Data.GetProperty("i").GetInt32());
                var b2 = await ctx.Step.Run("b", () => a + 1);
                var c = await ctx.Step.Run("c", () => b2 * 2);
                return c;
            }), sync);
        engine.Notifications.RunChanged += (_, _, status) =>
        {
            if (status == RunStatus.Completed && Interlocked.Increment(ref completed) == runs)
            {
                done.TrySetResult();
            }
        };

        var batches = Enumerable.Range(0, (runs + batch - 1) / batch)
            .Select(b => EmbeddedEngine.Events("bench/steps", b * batch, Math.Min(batch, runs - (b * batch)), i => new { i }))
            .ToArray();
        var commits0 = engine.Store.Commits;
        var writes0 = engine.Store.Writes;
        var cpu0 = Stats.Cpu();
        var writer0 = ThreadCpu.Of(Environment.ProcessId, ThreadCpu.Writer);
        var sw = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, inflight).Select(_ => Task.Run(async () =>
        {
            int b;
            while ((b = Interlocked.Increment(ref next)) < batches.Length)
            {
                await engine.Ingestor.IngestAsync(batches[b]);
            }
        })));
        var ingest = sw.Elapsed;
        await done.Task.WaitAsync(TimeSpan.FromMinutes(5));
        var total = sw.Elapsed;
        return new Result(runs, total, ingest, engine.Store.Commits - commits0, engine.Store.Writes - writes0, Stats.Cpu() - cpu0, ThreadCpu.Of(Environment.ProcessId, ThreadCpu.Writer) - writer0);
    }
}

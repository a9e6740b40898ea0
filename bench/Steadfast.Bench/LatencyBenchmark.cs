using System.Diagnostics;
using System.Text.Json;
using Steadfast.Engine.Storage;
using Steadfast.Sdk;

namespace Steadfast.Bench;

/// <summary>Target 3: accepted event to first step start on an idle engine, one event at a time.</summary>
internal static class LatencyBenchmark
{
    private static TaskCompletionSource<long> _firstStep = new();
    private static TaskCompletionSource _completed = new();

    public static async Task<int> RunAsync(BenchArgs cli)
    {
        var samples = cli.Int("--samples", 1_000);
        var warmup = cli.Int("--warmup", 200);
        var sync = cli.Str("--sync", "FULL");
        var dump = cli.Str("--dump", "");
        cli.EnsureAllUsed();

        await using var engine = await EmbeddedEngine.StartAsync("latency", b => b.AddFunction<JsonElement>(
            new FunctionOptions { Id = "first-step", Trigger = "bench/latency" },
            async ctx =>
            {
                await ctx.Step.Run("first", () => _firstStep.TrySetResult(Stopwatch.GetTimestamp()));
                return null;
            }), sync);
        engine.Notifications.RunChanged += (_, _, status) =>
        {
            if (status == RunStatus.Completed)
            {
                _completed.TrySetResult();
            }
        };

        var toStep = new double[samples];
        var toAccept = new double[samples];
        var commits0 = 0L;
        var writes0 = 0L;
        for (var i = -warmup; i < samples; i++)
        {
            if (i == 0)
            {
                commits0 = engine.Store.Commits;
                writes0 = engine.Store.Writes;
            }

            _firstStep = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            _completed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var events = EmbeddedEngine.Events("bench/latency", i, 1, n => new { n });
            var t0 = Stopwatch.GetTimestamp();
            await engine.Ingestor.IngestAsync(events);
            var t1 = Stopwatch.GetTimestamp();
            var t2 = await _firstStep.Task.WaitAsync(TimeSpan.FromSeconds(30));

            // Idle engine: the next sample starts only after this run has ended.
            await _completed.Task.WaitAsync(TimeSpan.FromSeconds(30));
            if (i >= 0)
            {
                toAccept[i] = Stats.Ms(t1 - t0);
                toStep[i] = Stats.Ms(t2 - t0);
            }
        }

        var dispatch = toStep.Zip(toAccept, (s, a) => s - a).ToArray();
        if (dump.Length > 0)
        {
            // In sample order, to see whether slow samples are periodic (WAL checkpoints) or random (other load).
            await File.WriteAllLinesAsync(dump, toAccept.Select((a, i) => FormattableString.Invariant($"{i} {a:0.000} {dispatch[i]:0.000}")));
        }

        Array.Sort(toStep);
        Array.Sort(toAccept);
        Array.Sort(dispatch);
        var fsync = FsyncProbe.Measure(200);
        var table = new ResultTable($"latency: {samples:N0} sequential samples after {warmup} warm-up, synchronous={sync}", "interval (ms)", "p50", "p90", "p99", "max", "target");
        table.Add("before IngestAsync -> first step body", Stats.Percentile(toStep, 50), Stats.Percentile(toStep, 90), Stats.Percentile(toStep, 99), toStep[^1], "p50 <= 2, p99 <= 10");
        table.Add("  of which IngestAsync (event commit)", Stats.Percentile(toAccept, 50), Stats.Percentile(toAccept, 90), Stats.Percentile(toAccept, 99), toAccept[^1], "");
        table.Add("  of which accepted -> step body (claim, load, call)", Stats.Percentile(dispatch, 50), Stats.Percentile(dispatch, 90), Stats.Percentile(dispatch, 99), dispatch[^1], "");
        table.Add("reference: raw 4 KiB write + fsync", fsync.P50, "", fsync.P99, "", "");
        table.Print();
        var commits = engine.Store.Commits - commits0;
        Console.WriteLine($"commits during samples: {commits:N0} ({(double)commits / samples:0.0} per run), writes: {engine.Store.Writes - writes0:N0}");
        return 0;
    }
}

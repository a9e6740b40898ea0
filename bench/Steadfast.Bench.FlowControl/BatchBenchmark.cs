using System.Diagnostics;
using System.Text.Json;
using Steadfast.Engine.Storage;
using Steadfast.Sdk;

namespace Steadfast.Bench.FlowControl;

/// <summary>
/// 100,000 events into batches of 100 (timeout 60 s, 10 keys): exactly 1,000 runs of exactly 100 events each, every
/// event in exactly one run. Full batches start at once, so nothing waits for the timeout.
/// </summary>
internal static class BatchBenchmark
{
    private const int Events = 100_000;
    private const int Size = 100;

    public static async Task<bool> RunAsync()
    {
        var expected = Events / Size;
        var completed = 0;
        var seen = 0L;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new FunctionOptions { Id = "batched", Trigger = "bench/batch", BatchEvents = new BatchOptions { MaxSize = Size, Timeout = TimeSpan.FromSeconds(60), Key = "event.data.k" } };
        await using var engine = await BenchEngine.StartAsync(b => b.AddFunction<JsonElement>(options, ctx =>
        {
            Interlocked.Add(ref seen, ctx.Events.Count);
            return Task.FromResult<object?>(ctx.Events.Count);
        }));
        engine.Notifications.RunChanged += (_, _, status) =>
        {
            if (status is RunStatus.Completed or RunStatus.Failed && Interlocked.Increment(ref completed) == expected)
            {
                done.TrySetResult();
            }
        };

        var clock = Stopwatch.StartNew();
        await engine.SendAsync("bench/batch", Events, 100, 4, i => new { k = i % 10, i });
        var ingest = clock.Elapsed.TotalSeconds;
        await done.Task.WaitAsync(TimeSpan.FromMinutes(1));
        var total = clock.Elapsed.TotalSeconds;

        var runs = await engine.AllRunsAsync("batched");
        var distinct = runs.SelectMany(r => r.EventIds).Distinct(StringComparer.Ordinal).Count();
        Console.WriteLine($"batch: {Events:N0} events, maxSize {Size}, 10 keys");
        Console.WriteLine($"  ingest {Events / ingest,8:N0} events/s ({ingest:0.00} s); all runs done after {total:0.00} s ({Events / total:N0} events/s end to end)");
        Console.WriteLine($"  runs {runs.Count:N0} (expected {expected:N0}), all of {Size} events: {runs.All(r => r.EventIds.Count == Size)}, distinct events in runs {distinct:N0}, events seen by the function {Interlocked.Read(ref seen):N0}");
        var ok = runs.Count == expected && runs.All(r => r.EventIds.Count == Size) && distinct == Events;
        Console.WriteLine($"  check: runs == expected, every event in exactly one run = {ok}");
        return ok;
    }
}

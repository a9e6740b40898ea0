using System.Diagnostics;
using System.Text.Json;
using Steadfast.Engine.Storage;
using Steadfast.Sdk;

namespace Steadfast.Bench.FlowControl;

/// <summary>
/// 100,000 events over 1,000 debounce keys (period 5 s): exactly one run per key, each with the key's last event.
/// Events of one key are 1,000 events apart, far less than 5 s of ingest, so the expected count is exact.
/// </summary>
internal static class DebounceBenchmark
{
    private const int Events = 100_000;
    private const int Keys = 1_000;

    public static async Task<bool> RunAsync()
    {
        var completed = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new FunctionOptions { Id = "debounced", Trigger = "bench/debounce", Debounce = new DebounceOptions { Period = TimeSpan.FromSeconds(5), Key = "event.data.k" } };
        await using var engine = await BenchEngine.StartAsync(b => b.AddFunction<JsonElement>(options, ctx => Task.FromResult<object?>(ctx.Event.Data.GetProperty("i").GetInt32())));
        engine.Notifications.RunChanged += (_, _, status) =>
        {
            if (status is RunStatus.Completed or RunStatus.Failed && Interlocked.Increment(ref completed) == Keys)
            {
                done.TrySetResult();
            }
        };

        var clock = Stopwatch.StartNew();
        await engine.SendAsync("bench/debounce", Events, 100, 4, i => new { k = i % Keys, i });
        var ingest = clock.Elapsed.TotalSeconds;
        await done.Task.WaitAsync(TimeSpan.FromMinutes(1));
        var total = clock.Elapsed.TotalSeconds;

        var runs = await engine.AllRunsAsync("debounced");
        var lastWins = 0;
        foreach (var run in runs)
        {
            // The last event of key k has index Events - Keys + k.
            var index = int.Parse(run.Output ?? "-1", System.Globalization.CultureInfo.InvariantCulture);
            if (index >= Events - Keys)
            {
                lastWins++;
            }
        }

        Console.WriteLine($"debounce: {Events:N0} events, {Keys:N0} keys, period 5 s");
        Console.WriteLine($"  ingest {Events / ingest,8:N0} events/s ({ingest:0.00} s); all runs done after {total:0.00} s (includes the 5 s quiet period)");
        Console.WriteLine($"  runs {runs.Count:N0} (expected {Keys:N0}), completed {runs.Count(r => r.Status == RunStatus.Completed):N0}, ran with the key's last event {lastWins:N0}");
        var ok = runs.Count == Keys && lastWins == Keys;
        Console.WriteLine($"  check: runs == expected and last event wins = {ok}");
        return ok;
    }
}

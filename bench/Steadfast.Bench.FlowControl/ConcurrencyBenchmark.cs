using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Steadfast.Engine.Storage;
using Steadfast.Sdk;

namespace Steadfast.Bench.FlowControl;

/// <summary>
/// 10,000 runs of a one-step function, 1,000 keys, concurrency limit 1 per key, against the same function without a
/// limit. Every step body records how many steps of its key run at that moment; the maximum is checked, not assumed.
/// </summary>
internal static class ConcurrencyBenchmark
{
    private const int Runs = 10_000;
    private const int Keys = 1_000;

    public static async Task<bool> RunAsync()
    {
        await MeasureAsync(limited: false, 1_000);

        // The machine is shared and noisy: alternate the two cases three times and compare medians.
        var unlimitedRuns = new List<Result>();
        var limitedRuns = new List<Result>();
        for (var i = 0; i < 3; i++)
        {
            unlimitedRuns.Add(await MeasureAsync(limited: false, Runs));
            limitedRuns.Add(await MeasureAsync(limited: true, Runs));
        }

        foreach (var (u, l) in unlimitedRuns.Zip(limitedRuns))
        {
            Console.WriteLine($"  sample: unlimited {u.RunsPerSecond:N0} runs/s (max per key {u.MaxPerKey}), limited {l.RunsPerSecond:N0} runs/s (max per key {l.MaxPerKey})");
        }

        var unlimited = unlimitedRuns.OrderBy(r => r.RunsPerSecond).ElementAt(1);
        var limited = limitedRuns.OrderBy(r => r.RunsPerSecond).ElementAt(1) with { MaxPerKey = limitedRuns.Max(r => r.MaxPerKey), Completed = limitedRuns.Min(r => r.Completed) };
        var ratio = limited.RunsPerSecond / unlimited.RunsPerSecond;
        Console.WriteLine($"concurrency: {Runs:N0} runs, {Keys:N0} keys (10 consecutive events per key), one step.Run each (1 ms of simulated work); medians of 3");
        Console.WriteLine($"  unlimited (default 1000/fn): {unlimited.RunsPerSecond,8:N0} runs/s  {unlimited.Seconds:0.00} s  max steps at once {unlimited.MaxTotal}, max per key {unlimited.MaxPerKey}");
        Console.WriteLine($"  limit 1 per key            : {limited.RunsPerSecond,8:N0} runs/s  {limited.Seconds:0.00} s  max steps at once {limited.MaxTotal}, max per key {limited.MaxPerKey}");
        Console.WriteLine($"  ratio limited/unlimited    : {ratio:P0} (target >= 80%)");
        var ok = limited.MaxPerKey == 1 && limited.Completed == Runs && unlimitedRuns.All(r => r.Completed == Runs) && ratio >= 0.8;
        Console.WriteLine($"  check: no key over its limit = {limited.MaxPerKey <= 1}, all runs completed = {limited.Completed == Runs && unlimited.Completed == Runs}, ratio >= 80% = {ratio >= 0.8}");
        return ok;
    }

    private sealed record Result(double Seconds, int Completed, int MaxTotal, int MaxPerKey)
    {
        public double RunsPerSecond => Completed / Seconds;
    }

    private static async Task<Result> MeasureAsync(bool limited, int runs)
    {
        var perKey = new ConcurrentDictionary<int, int>();
        var maxPerKey = 0;
        var total = 0;
        var maxTotal = 0;
        var completed = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new FunctionOptions { Id = "work", Trigger = "bench/work" };
        if (limited)
        {
            options.Concurrency.Add(new ConcurrencyLimit { Limit = 1, Key = "event.data.k" });
        }

        await using var engine = await BenchEngine.StartAsync(b => b.AddFunction<JsonElement>(options, async ctx =>
        {
            var key = ctx.Event.Data.GetProperty("k").GetInt32();
            await ctx.Step.Run("work", async () =>
            {
                var now = perKey.AddOrUpdate(key, 1, (_, v) => v + 1);
                Max(ref maxPerKey, now);
                Max(ref maxTotal, Interlocked.Increment(ref total));
                await Task.Delay(1);
                Interlocked.Decrement(ref total);
                perKey.AddOrUpdate(key, 0, (_, v) => v - 1);
            });
        }));
        engine.Notifications.RunChanged += (_, _, status) =>
        {
            if (status is RunStatus.Completed or RunStatus.Failed && Interlocked.Increment(ref completed) == runs)
            {
                done.TrySetResult();
            }
        };

        var clock = Stopwatch.StartNew();
        await engine.SendAsync("bench/work", runs, 100, 4, i => new { k = i / (Runs / Keys) });
        await done.Task.WaitAsync(TimeSpan.FromMinutes(2));
        var seconds = clock.Elapsed.TotalSeconds;
        var ended = (await engine.AllRunsAsync("work")).Count(r => r.Status == RunStatus.Completed);
        return new Result(seconds, ended, maxTotal, maxPerKey);
    }

    private static void Max(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}

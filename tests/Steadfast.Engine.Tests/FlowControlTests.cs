using System.Collections.Concurrent;
using System.Text.Json;
using Steadfast.Engine.Storage;
using Steadfast.Sdk;

namespace Steadfast.Engine.Tests;

public sealed class FlowControlTests
{
    private static FunctionOptions Options(string id, string trigger, Action<FunctionOptions> configure)
    {
        var o = new FunctionOptions { Id = id, Trigger = trigger };
        configure(o);
        return o;
    }

    private static async Task<IReadOnlyList<RunRecord>> RunsAsync(TestEngine engine, string functionId) =>
        await engine.Store.ListRunsAsync(new RunQuery { FunctionId = "test-" + functionId, Limit = 1000 });

    private static Task SendManyAsync(TestEngine engine, string name, IEnumerable<object> data) =>
        engine.Ingestor.IngestAsync([.. data.Select(d => JsonSerializer.SerializeToElement(new { name, data = d }))]);

    private static async Task WaitAllEndedAsync(TestEngine engine, string functionId, int count)
    {
        foreach (var run in await engine.WaitForRunsAsync(functionId, count))
        {
            await engine.WaitForEndAsync(run.RunId);
        }
    }

    /// <summary>Tracks how many bodies run at once, overall and per key, and the maxima ever observed.</summary>
    private sealed class Overlap
    {
        private readonly ConcurrentDictionary<string, int> _perKey = new();
        private readonly ConcurrentDictionary<string, int> _maxPerKey = new();
        private int _total;
        private int _maxTotal;

        public int MaxTotal => Volatile.Read(ref _maxTotal);

        public int MaxPerKey => _maxPerKey.IsEmpty ? 0 : _maxPerKey.Values.Max();

        public async Task RunAsync(string key)
        {
            var now = _perKey.AddOrUpdate(key, 1, (_, v) => v + 1);
            _maxPerKey.AddOrUpdate(key, now, (_, v) => Math.Max(v, now));
            var total = Interlocked.Increment(ref _total);
            Diagnostics.AtomicMax.Update(ref _maxTotal, total);

            // Simulated work (real time): long enough for other claims to happen meanwhile.
            await Task.Delay(15);
            Interlocked.Decrement(ref _total);
            _perKey.AddOrUpdate(key, 0, (_, v) => v - 1);
        }
    }

    [Fact]
    public async Task Concurrency_KeyedLimitOne_NoKeyEverRunsTwoStepsAtOnce()
    {
        var overlap = new Overlap();
        await using var engine = await TestEngine.StartAsync(b => b.AddFunction<JsonElement>(
            Options("keyed", "c/keyed", o => o.Concurrency.Add(new ConcurrencyLimit { Limit = 1, Key = "event.data.k" })),
            async ctx =>
            {
                var key = ctx.Event.RawData.GetProperty("k").GetString()!;
                await ctx.Step.Run("one", () => overlap.RunAsync(key));
                await ctx.Step.Run("two", () => overlap.RunAsync(key));
            }));

        await SendManyAsync(engine, "c/keyed", Enumerable.Range(0, 40).Select(i => new { k = $"k{i % 4}" }));
        await WaitAllEndedAsync(engine, "keyed", 40);

        Assert.Equal(1, overlap.MaxPerKey);
        Assert.True(overlap.MaxTotal >= 2, $"different keys never ran side by side (max {overlap.MaxTotal})");
        Assert.All(await RunsAsync(engine, "keyed"), r => Assert.Equal(RunStatus.Completed, r.Status));
    }

    [Fact]
    public async Task Concurrency_FunctionLimitTwo_BatchClaimsNeverExceedIt()
    {
        var overlap = new Overlap();
        await using var engine = await TestEngine.StartAsync(b => b.AddFunction<JsonElement>(
            Options("two", "c/two", o => o.Concurrency.Add(new ConcurrencyLimit { Limit = 2 })),
            async ctx => await ctx.Step.Run("work", () => overlap.RunAsync("fn"))));

        await SendManyAsync(engine, "c/two", Enumerable.Range(0, 30).Select(i => new { i }));
        await WaitAllEndedAsync(engine, "two", 30);

        Assert.Equal(2, overlap.MaxTotal);
    }

    [Fact]
    public async Task Concurrency_SleepingRunsDoNotCount()
    {
        await using var engine = await TestEngine.StartAsync(b => b.AddFunction<JsonElement>(
            Options("sleepy", "c/sleepy", o => o.Concurrency.Add(new ConcurrencyLimit { Limit = 1 })),
            async ctx =>
            {
                await ctx.Step.Run("before", () => 1);
                await ctx.Step.Sleep("nap", TimeSpan.FromHours(1));
                return await ctx.Step.Run("after", () => 2);
            }));

        await SendManyAsync(engine, "c/sleepy", [new { i = 1 }, new { i = 2 }, new { i = 3 }]);
        var runs = await engine.WaitForRunsAsync("sleepy", 3);

        // All three reach their sleep although the limit is 1: sleeping runs hold no slot.
        foreach (var run in runs)
        {
            await engine.WaitForAsync(run.RunId, _ => true, HistoryTypes.SleepStarted);
        }

        engine.Time.Advance(TimeSpan.FromHours(1));
        foreach (var run in runs)
        {
            Assert.Equal(RunStatus.Completed, (await engine.WaitForEndAsync(run.RunId)).Status);
        }
    }

    [Fact]
    public async Task Idempotency_SameKeyWithin24h_OneRun_AfterwardsAgain()
    {
        await using var engine = await TestEngine.StartAsync(b => b.AddFunction<JsonElement>(
            Options("idem", "i/e", o => o.Idempotency = "event.data.user"), _ => Task.CompletedTask));

        await engine.SendAsync("i/e", new { user = "u1" });
        await engine.SendAsync("i/e", new { user = "u1" });
        await engine.SendAsync("i/e", new { user = "u2" });
        Assert.Equal(2, (await RunsAsync(engine, "idem")).Count);

        engine.Time.Advance(TimeSpan.FromHours(23));
        await engine.SendAsync("i/e", new { user = "u1" });
        Assert.Equal(2, (await RunsAsync(engine, "idem")).Count);

        engine.Time.Advance(TimeSpan.FromHours(1));
        await engine.SendAsync("i/e", new { user = "u1" });
        Assert.Equal(3, (await RunsAsync(engine, "idem")).Count);
    }

    [Fact]
    public async Task RateLimit_ExcessPerKeyDropped_CapacityReturnsOverThePeriod()
    {
        await using var engine = await TestEngine.StartAsync(b => b.AddFunction<JsonElement>(
            Options("rl", "r/e", o => o.RateLimit = new RateLimitOptions { Limit = 2, Period = TimeSpan.FromMinutes(1), Key = "event.data.k" }),
            _ => Task.CompletedTask));

        await SendManyAsync(engine, "r/e", [new { k = "a" }, new { k = "a" }, new { k = "a" }, new { k = "b" }]);
        Assert.Equal(3, (await RunsAsync(engine, "rl")).Count);

        // GCRA: one slot comes back every period / limit = 30 s.
        engine.Time.Advance(TimeSpan.FromSeconds(29));
        await engine.SendAsync("r/e", new { k = "a" });
        Assert.Equal(3, (await RunsAsync(engine, "rl")).Count);
        engine.Time.Advance(TimeSpan.FromSeconds(1));
        await engine.SendAsync("r/e", new { k = "a" });
        Assert.Equal(4, (await RunsAsync(engine, "rl")).Count);
    }

    [Fact]
    public async Task Throttle_ExcessStartsDelayed_NeverDropped()
    {
        await using var engine = await TestEngine.StartAsync(b => b.AddFunction<JsonElement>(
            Options("th", "t/e", o => o.Throttle = new ThrottleOptions { Limit = 1, Period = TimeSpan.FromSeconds(10) }),
            _ => Task.CompletedTask));

        await SendManyAsync(engine, "t/e", [new { n = 0 }, new { n = 1 }, new { n = 2 }]);
        var runs = (await RunsAsync(engine, "th")).OrderBy(r => r.RunId, StringComparer.Ordinal).ToList();
        Assert.Equal(3, runs.Count);
        await engine.WaitForEndAsync(runs[0].RunId);
        Assert.Equal(RunStatus.Queued, (await engine.Store.GetRunAsync(runs[1].RunId))!.Status);
        Assert.Equal(engine.Time.GetUtcNow().AddSeconds(10).ToUnixTimeMilliseconds(), (await engine.Store.GetQueueItemsAsync(runs[1].RunId)).Single().DueAt);

        engine.Time.Advance(TimeSpan.FromSeconds(10));
        await engine.WaitForEndAsync(runs[1].RunId);
        Assert.Equal(RunStatus.Queued, (await engine.Store.GetRunAsync(runs[2].RunId))!.Status);

        engine.Time.Advance(TimeSpan.FromSeconds(10));
        await engine.WaitForEndAsync(runs[2].RunId);
    }

    private static Task<TestEngine> StartSleeperAsync(string id, Action<FunctionOptions> configure) => TestEngine.StartAsync(b => b.AddFunction<JsonElement>(
        Options(id, "s/e", configure),
        async ctx =>
        {
            await ctx.Step.Sleep("nap", TimeSpan.FromHours(1));
            return "done";
        }));

    [Fact]
    public async Task Singleton_Skip_DropsNewRunsWhileOneIsActive()
    {
        await using var engine = await StartSleeperAsync("single", o => o.Singleton = new SingletonOptions { Mode = "skip", Key = "event.data.k" });

        var first = await engine.SingleRunAsync(await engine.SendAsync("s/e", new { k = "a" }), "single");
        await engine.SendAsync("s/e", new { k = "a" });
        await engine.SendAsync("s/e", new { k = "b" });
        Assert.Equal(2, (await RunsAsync(engine, "single")).Count);

        await engine.WaitForAsync(first.RunId, _ => true, HistoryTypes.SleepStarted);
        engine.Time.Advance(TimeSpan.FromHours(1));
        await engine.WaitForEndAsync(first.RunId);
        await engine.SendAsync("s/e", new { k = "a" });
        Assert.Equal(3, (await RunsAsync(engine, "single")).Count);
    }

    [Fact]
    public async Task Singleton_Cancel_CancelsTheActiveRunAndStartsTheNewOne()
    {
        await using var engine = await StartSleeperAsync("single-cancel", o => o.Singleton = new SingletonOptions { Mode = "cancel" });

        var first = await engine.SingleRunAsync(await engine.SendAsync("s/e"), "single-cancel");
        await engine.WaitForAsync(first.RunId, _ => true, HistoryTypes.SleepStarted);
        var second = await engine.SingleRunAsync(await engine.SendAsync("s/e"), "single-cancel");

        Assert.Equal(RunStatus.Cancelled, (await engine.WaitForEndAsync(first.RunId)).Status);
        await engine.WaitForAsync(second.RunId, _ => true, HistoryTypes.SleepStarted);
        Assert.False((await engine.Store.GetRunAsync(second.RunId))!.IsTerminal);
    }

    [Fact]
    public async Task Timeouts_Start_CancelsARunStillQueued()
    {
        await using var engine = await TestEngine.StartAsync(b => b.AddFunction<JsonElement>(
            Options("ts", "ts/e", o =>
            {
                o.Throttle = new ThrottleOptions { Limit = 1, Period = TimeSpan.FromMinutes(1) };
                o.StartTimeout = TimeSpan.FromSeconds(10);
            }),
            _ => Task.CompletedTask));

        await SendManyAsync(engine, "ts/e", [new { n = 0 }, new { n = 1 }]);
        var runs = (await RunsAsync(engine, "ts")).OrderBy(r => r.RunId, StringComparer.Ordinal).ToList();
        Assert.Equal(RunStatus.Completed, (await engine.WaitForEndAsync(runs[0].RunId)).Status);

        engine.Time.Advance(TimeSpan.FromSeconds(10));
        var late = await engine.WaitForEndAsync(runs[1].RunId);
        Assert.Equal(RunStatus.Cancelled, late.Status);
        Assert.Contains("timeouts.start", late.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Timeouts_Finish_CancelsARunRunningTooLong()
    {
        await using var engine = await StartSleeperAsync("tf", o => o.FinishTimeout = TimeSpan.FromMinutes(10));

        var run = await engine.SingleRunAsync(await engine.SendAsync("s/e"), "tf");
        await engine.WaitForAsync(run.RunId, _ => true, HistoryTypes.SleepStarted);
        engine.Time.Advance(TimeSpan.FromMinutes(10));

        var ended = await engine.WaitForEndAsync(run.RunId);
        Assert.Equal(RunStatus.Cancelled, ended.Status);
        Assert.Contains("timeouts.finish", ended.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Priority_HigherRunsFirst()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var order = new ConcurrentQueue<string>();
        await using var engine = await TestEngine.StartAsync(b => b.AddFunction<JsonElement>(
            Options("prio", "p/e", o =>
            {
                o.Concurrency.Add(new ConcurrencyLimit { Limit = 1 });
                o.Priority = "event.data.p";
            }),
            async ctx =>
            {
                var name = ctx.Event.RawData.GetProperty("name").GetString()!;
                await ctx.Step.Run("work", async () =>
                {
                    order.Enqueue(name);
                    if (name == "blocker")
                    {
                        await gate.Task;
                    }
                });
            }));

        var blocker = await engine.SingleRunAsync(await engine.SendAsync("p/e", new { name = "blocker", p = 0 }), "prio");
        await engine.WaitForAsync(blocker.RunId, _ => order.Contains("blocker"));
        await engine.SendAsync("p/e", new { name = "low", p = -100 });
        await engine.SendAsync("p/e", new { name = "normal", p = 0 });
        await engine.SendAsync("p/e", new { name = "high", p = 300 });
        gate.SetResult();
        var runs = await RunsAsync(engine, "prio");
        var byName = new Dictionary<string, string>();
        foreach (var run in runs)
        {
            var state = await engine.Store.LoadRunStateAsync(run.RunId);
            byName[JsonDocument.Parse(state!.EventsJson[0]).RootElement.GetProperty("data").GetProperty("name").GetString()!] = run.RunId;
        }

        await engine.WaitForEndAsync(byName["normal"]);
        Assert.Equal(["blocker", "high", "normal"], order.ToArray());

        // A negative priority delays the run by that many seconds.
        Assert.Equal(RunStatus.Queued, (await engine.Store.GetRunAsync(byName["low"]))!.Status);
        engine.Time.Advance(TimeSpan.FromSeconds(100));
        await engine.WaitForEndAsync(byName["low"]);
        Assert.Equal(["blocker", "high", "normal", "low"], order.ToArray());
    }

    [Fact]
    public async Task Debounce_LastEventWins_AfterTheQuietPeriod()
    {
        await using var engine = await TestEngine.StartAsync(b => b.AddFunction<JsonElement>(
            Options("db", "d/e", o => o.Debounce = new DebounceOptions { Period = TimeSpan.FromSeconds(10), Key = "event.data.k" }),
            ctx => Task.FromResult<object?>(ctx.Event.RawData.GetProperty("n").GetInt32())));

        await engine.SendAsync("d/e", new { k = "a", n = 1 });
        engine.Time.Advance(TimeSpan.FromSeconds(5));
        await engine.SendAsync("d/e", new { k = "a", n = 2 });
        await engine.SendAsync("d/e", new { k = "b", n = 9 });
        engine.Time.Advance(TimeSpan.FromSeconds(9));
        var runs = await RunsAsync(engine, "db");
        Assert.Equal(2, runs.Count);
        Assert.All(runs, r => Assert.Equal(RunStatus.Queued, r.Status));

        engine.Time.Advance(TimeSpan.FromSeconds(1));
        var outputs = new List<string?>();
        foreach (var run in runs)
        {
            outputs.Add((await engine.WaitForEndAsync(run.RunId)).Output);
        }

        Assert.Equal(["2", "9"], outputs.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Debounce_Timeout_CapsTheDelayFromTheFirstEvent()
    {
        await using var engine = await TestEngine.StartAsync(b => b.AddFunction<JsonElement>(
            Options("dbt", "dt/e", o => o.Debounce = new DebounceOptions { Period = TimeSpan.FromSeconds(10), Timeout = TimeSpan.FromSeconds(12) }),
            ctx => Task.FromResult<object?>(ctx.Event.RawData.GetProperty("n").GetInt32())));

        for (var n = 1; n <= 3; n++)
        {
            await engine.SendAsync("dt/e", new { n });
            engine.Time.Advance(TimeSpan.FromSeconds(5));
        }

        // Events at 0, 5 and 10 s: without the cap the run would start at 20 s; the cap makes it 12 s.
        var run = Assert.Single(await RunsAsync(engine, "dbt"));
        Assert.Equal("3", (await engine.WaitForEndAsync(run.RunId)).Output);
    }

    [Fact]
    public async Task Batch_FullBatchRunsAtOnce_PartialAfterTimeout_IfFalseUnbatched()
    {
        await using var engine = await TestEngine.StartAsync(b => b.AddFunction<JsonElement>(
            Options("batch", "b/e", o => o.BatchEvents = new BatchOptions { MaxSize = 3, Timeout = TimeSpan.FromSeconds(5), If = "event.data.n < 5" }),
            ctx => Task.FromResult<object?>(string.Join(",", ctx.Events.Select(e => e.RawData.GetProperty("n").GetInt32())))));

        await SendManyAsync(engine, "b/e", [new { n = 1 }, new { n = 2 }, new { n = 3 }, new { n = 4 }]);
        var full = await engine.WaitForRunsAsync("batch", 2);
        var first = full.Single(r => r.EventIds.Count == 3);
        Assert.Equal("\"1,2,3\"", (await engine.WaitForEndAsync(first.RunId)).Output);
        Assert.Equal(first.EventIds[0], first.EventId);

        var partial = full.Single(r => r.EventIds.Count == 1);
        Assert.Equal(RunStatus.Queued, (await engine.Store.GetRunAsync(partial.RunId))!.Status);

        var alone = await engine.SingleRunAsync(await engine.SendAsync("b/e", new { n = 5 }), "batch");
        Assert.Equal("\"5\"", (await engine.WaitForEndAsync(alone.RunId)).Output);

        engine.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("\"4\"", (await engine.WaitForEndAsync(partial.RunId)).Output);
    }
}

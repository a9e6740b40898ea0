using System.Text.Json;
using Steadfast.Engine.Storage;
using Steadfast.Protocol.Events;
using Steadfast.Sdk;

namespace Steadfast.Engine.Tests;

public sealed class RunLifecycleTests
{
    private sealed record Signup(string Email, string Plan);

    [Fact]
    public async Task ThreeSteps_RunToCompletion_EachStepOnceAndOutputReturned()
    {
        var calls = new int[3];
        await using var engine = await TestEngine.StartAsync(b => b.AddFunction<Signup>(new FunctionOptions { Id = "onboard", Trigger = "app/signup" }, async ctx =>
        {
            var a = await ctx.Step.Run("a", () => { Interlocked.Increment(ref calls[0]); return ctx.Event.Data.Email; });
            var b2 = await ctx.Step.Run("b", async () => { Interlocked.Increment(ref calls[1]); await Task.Yield(); return a.ToUpperInvariant(); });
            var c = await ctx.Step.Run("c", () => { Interlocked.Increment(ref calls[2]); return b2.Length; });
            return new { a, b = b2, c, plan = ctx.Event.Data.Plan };
        }));

        var eventId = await engine.SendAsync("app/signup", new { email = "ada@example.com", plan = "pro" });
        var run = await engine.WaitForEndAsync((await engine.SingleRunAsync(eventId, "onboard")).RunId);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal([1, 1, 1], calls);
        Assert.Equal(3, run.StepCount);
        using var output = JsonDocument.Parse(run.Output!);
        Assert.Equal("ADA@EXAMPLE.COM", output.RootElement.GetProperty("b").GetString());
        Assert.Equal(15, output.RootElement.GetProperty("c").GetInt32());
        Assert.Equal("pro", output.RootElement.GetProperty("plan").GetString());
        var finished = await engine.Store.ListEventsAsync(new EventQuery { Name = InternalEvents.FunctionFinished });
        var evt = Assert.Single(finished);
        using var finishedDoc = JsonDocument.Parse(evt.Json);
        Assert.Equal(run.RunId, finishedDoc.RootElement.GetProperty("data").GetProperty("run_id").GetString());
        Assert.Equal("test-onboard", finishedDoc.RootElement.GetProperty("data").GetProperty("function_id").GetString());
    }

    [Fact]
    public async Task FanOut_OneFunctionFails_OtherStillCompletes()
    {
        await using var engine = await TestEngine.StartAsync(b => b
            .AddFunction<JsonElement>(new FunctionOptions { Id = "good", Trigger = "clerk/user.created" }, ctx => Task.FromResult<object?>("ok"))
            .AddFunction<JsonElement>(new FunctionOptions { Id = "bad", Trigger = "clerk/*", Retries = 0 }, ctx => throw new InvalidOperationException("boom"))
            .AddFunction<JsonElement>(new FunctionOptions { Id = "other", Trigger = "stripe/*" }, ctx => Task.FromResult<object?>("never")));

        var eventId = await engine.SendAsync("clerk/user.created", new { id = "user_1" });
        var good = await engine.WaitForEndAsync((await engine.SingleRunAsync(eventId, "good")).RunId);
        var bad = await engine.WaitForEndAsync((await engine.SingleRunAsync(eventId, "bad")).RunId);

        Assert.Equal(RunStatus.Completed, good.Status);
        Assert.Equal(RunStatus.Failed, bad.Status);
        Assert.Contains("boom", bad.Output);
        Assert.Empty(await engine.Store.ListRunsAsync(new RunQuery { EventId = eventId, FunctionId = "test-other" }));
    }

    [Fact]
    public async Task EventId_SentTwice_StoredTwiceButOneRun()
    {
        var runs = 0;
        await using var engine = await TestEngine.StartAsync(b => b.AddFunction<JsonElement>(new FunctionOptions { Id = "once", Trigger = "app/dup" }, ctx =>
        {
            Interlocked.Increment(ref runs);
            return Task.FromResult<object?>(null);
        }));

        var first = await engine.SendAsync("app/dup", new { n = 1 }, id: "dup-1");
        var second = await engine.SendAsync("app/dup", new { n = 2 }, id: "dup-1");
        await engine.WaitForEndAsync((await engine.SingleRunAsync(first, "once")).RunId);

        Assert.NotEqual(first, second);
        Assert.Equal(2, (await engine.Store.ListEventsAsync(new EventQuery { Name = "app/dup" })).Count);
        Assert.Empty(await engine.Store.ListRunsAsync(new RunQuery { EventId = second }));
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task StepThrowsTwice_RetriedThenSucceeds_AttemptsRecorded()
    {
        var attempts = 0;
        await using var engine = await TestEngine.StartAsync(b => b.AddFunction<JsonElement>(new FunctionOptions { Id = "flaky", Trigger = "app/flaky" }, async ctx =>
        {
            return await ctx.Step.Run("call-api", () =>
            {
                if (Interlocked.Increment(ref attempts) < 3)
                {
                    throw new HttpRequestException("503");
                }

                return ctx.Attempt;
            });
        }));

        var eventId = await engine.SendAsync("app/flaky");
        var run = await engine.WaitForEndAsync((await engine.SingleRunAsync(eventId, "flaky")).RunId);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("2", run.Output);
        var history = await engine.Store.GetHistoryAsync(run.RunId);
        Assert.Equal([0, 1], history.Where(h => h.Type == HistoryTypes.StepErrored).Select(h => h.Attempt));
        Assert.Single(history, h => h.Type == HistoryTypes.StepCompleted && h.Attempt == 2);
    }

    [Fact]
    public async Task StepExhaustsRetries_HandlerCatches_RunCompletes()
    {
        var attempts = 0;
        await using var engine = await TestEngine.StartAsync(b => b.AddFunction<JsonElement>(new FunctionOptions { Id = "recover", Trigger = "app/recover", Retries = 1 }, async ctx =>
        {
            try
            {
                await ctx.Step.Run("always-fails", () =>
                {
                    Interlocked.Increment(ref attempts);
                    throw new InvalidOperationException("nope");
                });
                return "unreachable";
            }
            catch (StepFailedException ex)
            {
                return await ctx.Step.Run("fallback", () => "recovered from " + ex.Error.Message);
            }
        }));

        var eventId = await engine.SendAsync("app/recover");
        var run = await engine.WaitForEndAsync((await engine.SingleRunAsync(eventId, "recover")).RunId);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("\"recovered from nope\"", run.Output);
        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task UncaughtStepFailure_RunFails_FailureEventStartsHandler()
    {
        await using var engine = await TestEngine.StartAsync(b => b
            .AddFunction<JsonElement>(new FunctionOptions { Id = "breaks", Trigger = "app/breaks", Retries = 0 }, async ctx =>
            {
                await ctx.Step.Run("explode", () => throw new InvalidOperationException("step exploded"));
                return null;
            })
            .AddFunction<JsonElement>(new FunctionOptions { Id = "on-failure", Trigger = InternalEvents.FunctionFailed }, ctx =>
                Task.FromResult<object?>(ctx.Event.Data.GetProperty("function_id").GetString() + ": " + ctx.Event.Data.GetProperty("error").GetProperty("message").GetString())));

        var eventId = await engine.SendAsync("app/breaks");
        var run = await engine.WaitForEndAsync((await engine.SingleRunAsync(eventId, "breaks")).RunId);
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("step exploded", run.Output);

        var failed = Assert.Single(await engine.Store.ListEventsAsync(new EventQuery { Name = InternalEvents.FunctionFailed }));
        Assert.Equal(run.RunId, failed.Id);
        var handler = await engine.WaitForEndAsync((await engine.SingleRunAsync(failed.InternalId, "on-failure")).RunId);
        Assert.Equal("\"test-breaks: step exploded\"", handler.Output);
    }

    [Fact]
    public async Task NonRetriableException_FailsOnFirstAttempt()
    {
        var calls = 0;
        await using var engine = await TestEngine.StartAsync(b => b.AddFunction<JsonElement>(new FunctionOptions { Id = "stop", Trigger = "app/stop" }, ctx =>
        {
            Interlocked.Increment(ref calls);
            throw new NonRetriableException("bad input");
        }));

        var eventId = await engine.SendAsync("app/stop");
        var run = await engine.WaitForEndAsync((await engine.SingleRunAsync(eventId, "stop")).RunId);

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Equal(1, calls);
        Assert.Contains("NonRetriableError", run.Output);
    }

    [Fact]
    public async Task OnFailure_RunFailsForGood_HandlerRunsOnceWithTheErrorAndTheEvent_NotForOtherFunctions()
    {
        var failures = new System.Collections.Concurrent.ConcurrentBag<FunctionFailure>();
        await using var engine = await TestEngine.StartAsync(b => b
            .AddFunction<JsonElement>(
                new FunctionOptions { Id = "charge", Trigger = "app/charge", Retries = 1 },
                ctx => throw new InvalidOperationException("card declined for " + ctx.Event.Data.GetProperty("order").GetString()),
                ctx =>
                {
                    failures.Add(ctx.Event.Data);
                    return Task.CompletedTask;
                })
            .AddFunction<JsonElement>(new FunctionOptions { Id = "other", Trigger = "app/other" }, ctx => throw new NonRetriableException("other failed")));

        var other = await engine.SendAsync("app/other");
        await engine.WaitForEndAsync((await engine.SingleRunAsync(other, "other")).RunId);
        var charge = await engine.SendAsync("app/charge", new { order = "o-42" });
        var failed = await engine.WaitForEndAsync((await engine.SingleRunAsync(charge, "charge")).RunId);
        var handler = Assert.Single(await engine.WaitForRunsAsync(RegisteredFunction.FailureHandlerId("charge"), 1));
        var handled = await engine.WaitForEndAsync(handler.RunId);

        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.Equal(RunStatus.Completed, handled.Status);
        var failure = Assert.Single(failures);
        Assert.Equal(("test-charge", failed.RunId), (failure.FunctionId, failure.RunId));
        Assert.Contains("card declined for o-42", failure.Error.Message, StringComparison.Ordinal);
        Assert.Equal("o-42", failure.Event.GetProperty("data").GetProperty("order").GetString());
        Assert.Single(await engine.Store.ListRunsAsync(new RunQuery { FunctionId = "test-charge-failure" })); // not for "other"
    }

    [Fact]
    public async Task FunctionLevelError_RetriedUpToMaxAttempts_ThenFails()
    {
        var calls = 0;
        await using var engine = await TestEngine.StartAsync(b => b.AddFunction<JsonElement>(new FunctionOptions { Id = "budget", Trigger = "app/budget", Retries = 2 }, ctx =>
        {
            Interlocked.Increment(ref calls);
            throw new InvalidOperationException("attempt " + ctx.Attempt);
        }));

        var eventId = await engine.SendAsync("app/budget");
        var run = await engine.WaitForEndAsync((await engine.SingleRunAsync(eventId, "budget")).RunId);

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Equal(3, calls);
        Assert.Contains("attempt 2", run.Output);
    }

    [Fact]
    public async Task ThreeDaySleep_WakesWhenClockReachesDueTime()
    {
        var afterSleep = 0;
        await using var engine = await TestEngine.StartAsync(b => b.AddFunction<JsonElement>(new FunctionOptions { Id = "drip", Trigger = "app/drip" }, async ctx =>
        {
            await ctx.Step.Run("welcome", () => "sent");
            await ctx.Step.Sleep("wait-3-days", "3 days");
            await ctx.Step.Run("trial-offer", () => Interlocked.Increment(ref afterSleep));
            return "done";
        }));

        var started = engine.Time.GetUtcNow();
        var eventId = await engine.SendAsync("app/drip");
        var runId = (await engine.SingleRunAsync(eventId, "drip")).RunId;
        await engine.WaitForAsync(runId, _ => true, HistoryTypes.SleepStarted);

        var items = await engine.Store.GetQueueItemsAsync(runId);
        var wake = Assert.Single(items);
        Assert.Equal(QueueItemKind.SleepWake, wake.Kind);
        Assert.Equal(started.AddDays(3).ToUnixTimeMilliseconds(), wake.DueAt);

        engine.Time.Advance(TimeSpan.FromDays(3) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, afterSleep);
        Assert.Equal(RunStatus.Running, (await engine.Store.GetRunAsync(runId))!.Status);

        engine.Time.Advance(TimeSpan.FromMinutes(1));
        var run = await engine.WaitForEndAsync(runId);
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(1, afterSleep);
    }

    [Fact]
    public async Task ParallelSteps_EachRunsOnce_ResultsJoined()
    {
        var counts = new int[2];
        await using var engine = await TestEngine.StartAsync(b => b.AddFunction<JsonElement>(new FunctionOptions { Id = "fan", Trigger = "app/fan" }, async ctx =>
        {
            var first = await ctx.Step.Run("first", () => 1);
            var results = await Task.WhenAll(
                ctx.Step.Run("b", () => { Interlocked.Increment(ref counts[0]); return 10; }),
                ctx.Step.Run("c", () => { Interlocked.Increment(ref counts[1]); return 20; }));
            var last = await ctx.Step.Run("last", () => results.Sum() + first);
            return last;
        }));

        var eventId = await engine.SendAsync("app/fan");
        var run = await engine.WaitForEndAsync((await engine.SingleRunAsync(eventId, "fan")).RunId);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("31", run.Output);
        Assert.Equal([1, 1], counts);
        Assert.False(run.ForceStepPlan);
    }

    [Fact]
    public async Task CancelSleepingRun_RunCancelledAndCancelledEventEmitted()
    {
        await using var engine = await TestEngine.StartAsync(b => b.AddFunction<JsonElement>(new FunctionOptions { Id = "nap", Trigger = "app/nap" }, async ctx =>
        {
            await ctx.Step.Sleep("long", TimeSpan.FromHours(1));
            return "woke";
        }));

        var eventId = await engine.SendAsync("app/nap");
        var runId = (await engine.SingleRunAsync(eventId, "nap")).RunId;
        await engine.WaitForAsync(runId, _ => true, HistoryTypes.SleepStarted);

        Assert.True(await engine.Executor.CancelAsync(runId, "test"));
        Assert.False(await engine.Executor.CancelAsync(runId, "again"));
        engine.Time.Advance(TimeSpan.FromHours(2));

        var run = await engine.Store.GetRunAsync(runId);
        Assert.Equal(RunStatus.Cancelled, run!.Status);
        Assert.Empty(await engine.Store.GetQueueItemsAsync(runId));
        Assert.Single(await engine.Store.ListEventsAsync(new EventQuery { Name = InternalEvents.FunctionCancelled }));
    }

    [Fact]
    public async Task SendEventStep_TriggersOtherFunctionOnce()
    {
        await using var engine = await TestEngine.StartAsync(b => b
            .AddFunction<JsonElement>(new FunctionOptions { Id = "sender", Trigger = "app/start" }, async ctx =>
            {
                var ids = await ctx.Step.SendEvent("notify", "app/notified", new { who = "ada" });
                await ctx.Step.Run("after", () => ids.Count);
                return ids[0];
            })
            .AddFunction<JsonElement>(new FunctionOptions { Id = "receiver", Trigger = "app/notified" }, ctx => Task.FromResult<object?>(ctx.Event.Data.GetProperty("who").GetString())));

        var eventId = await engine.SendAsync("app/start");
        var run = await engine.WaitForEndAsync((await engine.SingleRunAsync(eventId, "sender")).RunId);
        var sentId = JsonSerializer.Deserialize<string>(run.Output!)!;
        var received = await engine.WaitForEndAsync((await engine.SingleRunAsync(sentId, "receiver")).RunId);

        Assert.Equal("\"ada\"", received.Output);
        Assert.Single(await engine.Store.ListEventsAsync(new EventQuery { Name = "app/notified" }));
    }

    [Fact]
    public async Task SeededIds_SameSeedTwice_SameIdsAndNoNewRuns()
    {
        await using var engine = await TestEngine.StartAsync(b => b.AddFunction<JsonElement>(new FunctionOptions { Id = "seeded", Trigger = "app/seed" }, ctx => Task.FromResult<object?>(1)));
        var seed = "1700000000000," + Convert.ToBase64String(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 });
        JsonElement[] events = [JsonSerializer.SerializeToElement(new { name = "app/seed" }), JsonSerializer.SerializeToElement(new { name = "app/seed" })];

        var first = await engine.Ingestor.IngestAsync(events, seed);
        var second = await engine.Ingestor.IngestAsync(events, seed);

        Assert.Equal(first, second);
        Assert.NotEqual(first[0], first[1]);
        Assert.Equal(1700000000000, Steadfast.Protocol.Ids.UlidGenerator.TryGetTimestamp(first[0]));
        Assert.Equal(2, (await engine.Store.ListRunsAsync(new RunQuery { FunctionId = "test-seeded" })).Count);
    }

    [Theory]
    [InlineData("{\"name\":\"inngest/function.failed\"}", 400)]
    [InlineData("{\"data\":{}}", 400)]
    [InlineData("{\"name\":\"\"}", 400)]
    [InlineData("{\"name\":\"a\",\"data\":[1]}", 400)]
    [InlineData("{\"name\":\"a\",\"ts\":\"yesterday\"}", 400)]
    [InlineData("{\"name\":\"a\",\"ts\":12}", 400)]
    [InlineData("[1]", 400)]
    public async Task BadEvent_Rejected_NothingWritten(string json, int status)
    {
        await using var engine = await TestEngine.StartAsync(b => b.AddFunction<JsonElement>(new FunctionOptions { Id = "any", Trigger = "a" }, ctx => Task.FromResult<object?>(1)));
        using var doc = JsonDocument.Parse(json);
        var events = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement.EnumerateArray().ToArray() : [doc.RootElement];
        JsonElement[] batch = [JsonSerializer.SerializeToElement(new { name = "a" }), .. events];

        var ex = await Assert.ThrowsAsync<Events.EventRejectedException>(() => engine.Ingestor.IngestAsync(batch));

        Assert.Equal(status, ex.StatusCode);
        Assert.Empty(await engine.Store.ListEventsAsync(new EventQuery()));
    }

    [Fact]
    public async Task OversizedEvent_Rejected413()
    {
        await using var engine = await TestEngine.StartAsync(_ => { }, o => o.Engine.MaxEventBytes = 1024);
        var big = JsonSerializer.SerializeToElement(new { name = "a", data = new { blob = new string('x', 2000) } });

        var ex = await Assert.ThrowsAsync<Events.EventRejectedException>(() => engine.Ingestor.IngestAsync([big]));

        Assert.Equal(413, ex.StatusCode);
    }
}

using System.Text.Json;
using Steadfast.Engine.Storage;
using Steadfast.Protocol.Events;
using Steadfast.Sdk;

namespace Steadfast.Engine.Tests;

public sealed class PauseTests
{
    private static Task<TestEngine> StartWaiterAsync() => TestEngine.StartAsync(b => b.AddFunction<JsonElement>(new FunctionOptions { Id = "approval", Trigger = "doc/submitted" }, async ctx =>
    {
        var approval = await ctx.Step.WaitForEvent("wait-approval", "doc/approved", TimeSpan.FromHours(1), "event.data.doc == async.data.doc");
        return approval is null ? "timed out" : "approved by " + approval.RawData.GetProperty("by").GetString();
    }));

    [Fact]
    public async Task WaitForEvent_MatchingEventAfterWait_ResumesWithThatEvent()
    {
        await using var engine = await StartWaiterAsync();
        var eventId = await engine.SendAsync("doc/submitted", new { doc = "d1" });
        var runId = (await engine.SingleRunAsync(eventId, "approval")).RunId;
        await engine.WaitForAsync(runId, _ => true, HistoryTypes.PauseCreated);

        await engine.SendAsync("doc/approved", new { doc = "other", by = "mallory" });
        await engine.SendAsync("doc/approved", new { doc = "d1", by = "ada" });
        var run = await engine.WaitForEndAsync(runId);

        Assert.Equal("\"approved by ada\"", run.Output);
        Assert.Empty(await engine.Store.ListPausesAsync());
        Assert.Empty(await engine.Store.GetQueueItemsAsync(runId));
    }

    [Fact]
    public async Task WaitForEvent_EventBeforeWait_DoesNotMatchAndTimesOut()
    {
        await using var engine = await StartWaiterAsync();
        await engine.SendAsync("doc/approved", new { doc = "d2", by = "early" });
        var eventId = await engine.SendAsync("doc/submitted", new { doc = "d2" });
        var runId = (await engine.SingleRunAsync(eventId, "approval")).RunId;
        await engine.WaitForAsync(runId, _ => true, HistoryTypes.PauseCreated);

        engine.Time.Advance(TimeSpan.FromHours(1));
        var run = await engine.WaitForEndAsync(runId);

        Assert.Equal("\"timed out\"", run.Output);
    }

    [Fact]
    public async Task WaitForEvent_TwoMatchingEvents_FirstWinsOnce()
    {
        await using var engine = await StartWaiterAsync();
        var eventId = await engine.SendAsync("doc/submitted", new { doc = "d3" });
        var runId = (await engine.SingleRunAsync(eventId, "approval")).RunId;
        await engine.WaitForAsync(runId, _ => true, HistoryTypes.PauseCreated);

        await engine.Ingestor.IngestAsync([
            JsonSerializer.SerializeToElement(new { name = "doc/approved", data = new { doc = "d3", by = "first" } }),
            JsonSerializer.SerializeToElement(new { name = "doc/approved", data = new { doc = "d3", by = "second" } })]);
        var run = await engine.WaitForEndAsync(runId);

        Assert.Equal("\"approved by first\"", run.Output);
        Assert.Single(await engine.Store.GetHistoryAsync(runId), h => h.Type == HistoryTypes.PauseResumed);
    }

    [Fact]
    public async Task WaitForEvent_EventsRacingTheWait_EveryEventAfterRegistrationMatches()
    {
        // Many runs register waits while matching events stream in; every event sent after its run's wait was
        // committed must resume it (no lost wake-ups), whatever the interleaving.
        await using var engine = await StartWaiterAsync();
        const int runs = 40;
        var runIds = new List<string>();
        for (var i = 0; i < runs; i++)
        {
            runIds.Add((await engine.SingleRunAsync(await engine.SendAsync("doc/submitted", new { doc = $"r{i}" }), "approval")).RunId);
        }

        for (var i = 0; i < runs; i++)
        {
            await engine.WaitForAsync(runIds[i], _ => true, HistoryTypes.PauseCreated);
            await engine.SendAsync("doc/approved", new { doc = $"r{i}", by = $"u{i}" });
        }

        for (var i = 0; i < runs; i++)
        {
            Assert.Equal($"\"approved by u{i}\"", (await engine.WaitForEndAsync(runIds[i])).Output);
        }
    }

    [Fact]
    public async Task CancelOn_MatchingEvent_CancelsSleepingRunAndEmitsCancelled()
    {
        var options = new FunctionOptions { Id = "drip", Trigger = "user/created" };
        options.CancelOn.Add(new CancelOn { Event = "user/deleted", Match = "data.id" });
        var afterSleep = 0;
        await using var engine = await TestEngine.StartAsync(b => b.AddFunction<JsonElement>(options, async ctx =>
        {
            await ctx.Step.Sleep("wait", TimeSpan.FromDays(3));
            return await ctx.Step.Run("offer", () => Interlocked.Increment(ref afterSleep));
        }));

        var keep = (await engine.SingleRunAsync(await engine.SendAsync("user/created", new { id = "u1" }), "drip")).RunId;
        var cancel = (await engine.SingleRunAsync(await engine.SendAsync("user/created", new { id = "u2" }), "drip")).RunId;
        await engine.WaitForAsync(cancel, _ => true, HistoryTypes.SleepStarted);
        await engine.WaitForAsync(keep, _ => true, HistoryTypes.SleepStarted);

        await engine.SendAsync("user/deleted", new { id = "u2" });
        var cancelled = await engine.WaitForEndAsync(cancel);
        engine.Time.Advance(TimeSpan.FromDays(3));
        var kept = await engine.WaitForEndAsync(keep);

        Assert.Equal(RunStatus.Cancelled, cancelled.Status);
        Assert.Equal(RunStatus.Completed, kept.Status);
        Assert.Equal(1, afterSleep);
        var evt = Assert.Single(await engine.Store.ListEventsAsync(new EventQuery { Name = InternalEvents.FunctionCancelled }));
        Assert.Equal(cancel, evt.Id);
        Assert.Empty(await engine.Store.ListPausesAsync());
    }

    [Fact]
    public async Task Invoke_ChildCompletes_ParentGetsResult()
    {
        await using var engine = await TestEngine.StartAsync(b => b
            .AddFunction<JsonElement>(new FunctionOptions { Id = "parent", Trigger = "app/parent" }, async ctx =>
            {
                var sum = await ctx.Step.Invoke<int>("add", "adder", new { a = 2, b = 40 });
                return sum;
            })
            .AddFunction<JsonElement>(new FunctionOptions { Id = "adder", Trigger = "app/never-sent" }, async ctx =>
                await ctx.Step.Run("sum", () => ctx.Event.Data.GetProperty("a").GetInt32() + ctx.Event.Data.GetProperty("b").GetInt32())));

        var run = await engine.WaitForEndAsync((await engine.SingleRunAsync(await engine.SendAsync("app/parent"), "parent")).RunId);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("42", run.Output);
        var invoked = Assert.Single(await engine.Store.ListEventsAsync(new EventQuery { Name = InternalEvents.FunctionInvoked }));
        Assert.Contains("correlation_id", invoked.Json);
    }

    [Fact]
    public async Task Invoke_ChildFails_ParentStepThrowsCatchable()
    {
        await using var engine = await TestEngine.StartAsync(b => b
            .AddFunction<JsonElement>(new FunctionOptions { Id = "parent", Trigger = "app/parent" }, async ctx =>
            {
                try
                {
                    await ctx.Step.Invoke<int>("call", "test-failing", null);
                    return "no";
                }
                catch (StepFailedException ex)
                {
                    return "caught: " + ex.Error.Message;
                }
            })
            .AddFunction<JsonElement>(new FunctionOptions { Id = "failing", Trigger = "app/never-sent", Retries = 0 }, _ => throw new NonRetriableException("child broke")));

        var run = await engine.WaitForEndAsync((await engine.SingleRunAsync(await engine.SendAsync("app/parent"), "parent")).RunId);

        Assert.Equal("\"caught: child broke\"", run.Output);
    }

    [Fact]
    public async Task Invoke_ChildTooSlow_TimesOutWithInvokeTimeoutError()
    {
        await using var engine = await TestEngine.StartAsync(b => b
            .AddFunction<JsonElement>(new FunctionOptions { Id = "parent", Trigger = "app/parent" }, async ctx =>
            {
                try
                {
                    await ctx.Step.Invoke<int>("slow", "sleeper", null, TimeSpan.FromMinutes(1));
                    return "no";
                }
                catch (StepFailedException ex)
                {
                    return ex.Error.Name;
                }
            })
            .AddFunction<JsonElement>(new FunctionOptions { Id = "sleeper", Trigger = "app/never-sent" }, async ctx =>
            {
                await ctx.Step.Sleep("long", TimeSpan.FromHours(1));
                return 1;
            }));

        var runId = (await engine.SingleRunAsync(await engine.SendAsync("app/parent"), "parent")).RunId;
        await engine.WaitForAsync(runId, _ => true, HistoryTypes.PauseCreated);
        engine.Time.Advance(TimeSpan.FromMinutes(1));
        var run = await engine.WaitForEndAsync(runId);

        Assert.Equal("\"InngestInvokeTimeoutError\"", run.Output);
    }

    [Fact]
    public async Task Invoke_UnknownFunction_StepFailsWithClearError()
    {
        await using var engine = await TestEngine.StartAsync(b => b.AddFunction<JsonElement>(new FunctionOptions { Id = "parent", Trigger = "app/parent" }, async ctx =>
        {
            try
            {
                await ctx.Step.Invoke<int>("ghost", "does-not-exist", null);
                return "no";
            }
            catch (StepFailedException ex)
            {
                return ex.Error.Message;
            }
        }));

        var run = await engine.WaitForEndAsync((await engine.SingleRunAsync(await engine.SendAsync("app/parent"), "parent")).RunId);

        Assert.Contains("could not find function", run.Output);
        Assert.Contains("does-not-exist", run.Output);
    }

    [Fact]
    public async Task WaitForEvent_ServerRestarted_PendingWaitStillMatches()
    {
        string runId, dir;
        await using (var first = await StartWaiterAsync())
        {
            first.KeepFiles = true;
            dir = first.Directory;
            runId = (await first.SingleRunAsync(await first.SendAsync("doc/submitted", new { doc = "persist" }), "approval")).RunId;
            await first.WaitForAsync(runId, _ => true, HistoryTypes.PauseCreated);
        }

        await using var second = await TestEngine.StartAsync(b => b.AddFunction<JsonElement>(new FunctionOptions { Id = "approval", Trigger = "doc/submitted" }, async ctx =>
        {
            var approval = await ctx.Step.WaitForEvent("wait-approval", "doc/approved", TimeSpan.FromHours(1), "event.data.doc == async.data.doc");
            return approval is null ? "timed out" : "approved by " + approval.RawData.GetProperty("by").GetString();
        }), directory: dir);
        await second.SendAsync("doc/approved", new { doc = "persist", by = "after-restart" });

        Assert.Equal("\"approved by after-restart\"", (await second.WaitForEndAsync(runId)).Output);
    }
}

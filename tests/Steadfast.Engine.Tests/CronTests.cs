using System.Text.Json;
using Steadfast.Engine.Cron;
using Steadfast.Engine.Storage;
using Steadfast.Protocol.Events;
using Steadfast.Sdk;

namespace Steadfast.Engine.Tests;

public sealed class CronTests
{
    private static Action<SteadfastBuilder> Every5Minutes => b => b.AddFunction<JsonElement>(
        new FunctionOptions { Id = "report", Trigger = FunctionTrigger.OnCron("*/5 * * * *") },
        ctx => Task.FromResult<object?>(ctx.Event.Data.GetProperty("scheduledAt").GetString()));

    [Fact]
    public async Task CronTrigger_EachTick_OneRunWithScheduledTimerEvent()
    {
        await using var engine = await TestEngine.StartAsync(Every5Minutes);

        engine.Time.Advance(TimeSpan.FromMinutes(5));
        await engine.WaitForRunsAsync("report", 1);
        engine.Time.Advance(TimeSpan.FromMinutes(5));
        var runs = await engine.WaitForRunsAsync("report", 2);

        var outputs = new List<string?>();
        foreach (var run in runs)
        {
            outputs.Add((await engine.WaitForEndAsync(run.RunId)).Output);
        }

        Assert.Equal(["\"2026-01-05T09:10:00Z\"", "\"2026-01-05T09:05:00Z\""], outputs);
        var timers = await engine.Store.ListEventsAsync(new EventQuery { Name = InternalEvents.ScheduledTimer });
        Assert.Equal(["2026-01-05T09:10:00Z", "2026-01-05T09:05:00Z"], timers.Select(t => t.Id));
    }

    [Fact]
    public async Task CronTrigger_Restart_CatchesUpMissedTicksWithoutDoubling()
    {
        string dir;
        await using (var first = await TestEngine.StartAsync(Every5Minutes))
        {
            first.KeepFiles = true;
            dir = first.Directory;
            first.Time.Advance(TimeSpan.FromMinutes(5));
            await first.WaitForRunsAsync("report", 1);
            first.Time.Advance(TimeSpan.FromMinutes(5));
            await first.WaitForRunsAsync("report", 2);
        }

        // Down from 09:10 to 09:22: the 09:15 and 09:20 ticks were missed and are fired at start-up, once.
        await using var second = await TestEngine.StartAsync(Every5Minutes, directory: dir, start: new DateTimeOffset(2026, 1, 5, 9, 22, 0, TimeSpan.Zero));
        var runs = await second.WaitForRunsAsync("report", 4);

        var timers = await second.Store.ListEventsAsync(new EventQuery { Name = InternalEvents.ScheduledTimer });
        Assert.Equal(["2026-01-05T09:20:00Z", "2026-01-05T09:15:00Z", "2026-01-05T09:10:00Z", "2026-01-05T09:05:00Z"], timers.Select(t => t.Id));
        Assert.Equal(4, runs.Count);
    }

    [Fact]
    public async Task CronTrigger_TimeZonePrefix_FiresAtLocalTime()
    {
        await using var engine = await TestEngine.StartAsync(b => b.AddFunction<JsonElement>(
            new FunctionOptions { Id = "noon-paris", Trigger = FunctionTrigger.OnCron("TZ=Europe/Paris 0 12 * * *") },
            ctx => Task.FromResult<object?>(ctx.Event.Data.GetProperty("scheduledAt").GetString())));

        engine.Time.Advance(TimeSpan.FromHours(2));
        var run = (await engine.WaitForRunsAsync("noon-paris", 1))[0];

        // January: Paris is UTC+1, so noon there is 11:00Z.
        Assert.Equal("\"2026-01-05T11:00:00Z\"", (await engine.WaitForEndAsync(run.RunId)).Output);
    }

    [Theory]
    [InlineData("* * * *")]
    [InlineData("@daily")]
    [InlineData("61 * * * *")]
    [InlineData("TZ=Mars/Olympus 0 12 * * *")]
    public void CronSchedule_Invalid_ReportsReason(string cron)
    {
        Assert.False(CronSchedule.TryParse(cron, out _, out var error));
        Assert.Contains(cron.Split(' ')[0], error);
    }

    [Fact]
    public async Task InvalidCron_EngineRefusesToStart()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => TestEngine.StartAsync(b => b.AddFunction<JsonElement>(
            new FunctionOptions { Id = "bad-cron", Trigger = FunctionTrigger.OnCron("every day") }, ctx => Task.FromResult<object?>(null))));

        Assert.Contains("bad-cron", ex.Message);
    }
}

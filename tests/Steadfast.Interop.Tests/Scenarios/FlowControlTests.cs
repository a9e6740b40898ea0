using Steadfast.Interop.Tests.Infrastructure;

namespace Steadfast.Interop.Tests.Scenarios;

/// <summary>Reference §11 scenarios 34–36: batching, cron and concurrency.</summary>
public sealed class FlowControlTests
{
    [Theory(Skip = Needs.Batching)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S34_Batching_FullBatchAtOnceSingleEventAfterTimeout(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);
        var tag = InteropStack.NewTag();

        var ids = await stack.Server.SendEventsAsync(new JsonArray([.. Enumerable.Range(0, 3).Select(i => (JsonNode)new JsonObject { ["name"] = "interop/s34.batch", ["data"] = new JsonObject { ["tag"] = tag, ["n"] = i } })]).ToJsonString());
        var full = (await stack.App.WaitForMarksAsync(tag, "batch", 1, TimeSpan.FromSeconds(4))).Single()!["data"]!;
        Assert.Equal(3, full["count"]!.GetValue<int>());
        Assert.Equal("[0,1,2]", full["ns"]!.ToJsonString());
        var run = await stack.Server.WaitForRunEndAsync(ids[0], stack.Fn("s34-batch"));
        Assert.Equal(3, run["event_ids"]!.AsArray().Count);

        var sentAt = DateTimeOffset.UtcNow;
        await stack.Server.SendEventAsync("interop/s34.batch", new JsonObject { ["tag"] = tag, ["n"] = 3 });
        var marks = await stack.App.WaitForMarksAsync(tag, "batch", 2, TimeSpan.FromSeconds(15));
        Assert.Equal(1, marks[1]!["data"]!["count"]!.GetValue<int>());
        Assert.True(marks[1]!["at"]!.GetValue<long>() - sentAt.ToUnixTimeMilliseconds() >= 4500, "a lone event ran before the 5 s batch timeout");
    }

    [Theory(Skip = Needs.Cron)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S35_Cron_TicksWithScheduledTimerEvent(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);

        var tick = (await Eventually.Until(() => stack.App.MarksAsync("cron", "tick"), a => a.Count > 0, "a cron tick", TimeSpan.FromSeconds(75), () => stack.Server.Tail))[0]!["data"]!;
        Assert.Equal("inngest/scheduled.timer", (string?)tick["name"]);
        Assert.Equal("* * * * *", (string?)tick["data"]!["cron"]);
        Assert.Contains(SyncTests.DevFunctionSlugs(await stack.Server.DevAsync()), s => s == stack.Fn("s35-cron-tz"));
    }

    [Theory(Skip = Needs.Concurrency)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S36_ConcurrencyOne_StepsNeverOverlap(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);
        var tag = InteropStack.NewTag();

        var ids = await stack.Server.SendEventsAsync(new JsonArray([.. Enumerable.Range(0, 3).Select(i => (JsonNode)new JsonObject { ["name"] = "interop/s36.busy", ["data"] = new JsonObject { ["tag"] = tag, ["n"] = i } })]).ToJsonString());
        foreach (var id in ids)
        {
            Assert.Equal("Completed", (string?)(await stack.Server.WaitForRunEndAsync(id, stack.Fn("s36-concurrency")))["status"]);
        }

        var starts = (await stack.App.MarksAsync(tag, "start")).Select(m => m!["at"]!.GetValue<long>()).Order().ToList();
        var ends = (await stack.App.MarksAsync(tag, "end")).Select(m => m!["at"]!.GetValue<long>()).Order().ToList();
        Assert.Equal(3, starts.Count);
        for (var i = 1; i < 3; i++)
        {
            Assert.True(starts[i] >= ends[i - 1], $"step {i} started at {starts[i]} before step {i - 1} ended at {ends[i - 1]}");
        }
    }
}

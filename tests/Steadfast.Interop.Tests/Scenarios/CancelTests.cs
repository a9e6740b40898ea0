using Steadfast.Interop.Tests.Infrastructure;

namespace Steadfast.Interop.Tests.Scenarios;

/// <summary>Reference §11 scenario 30: cancelOn.</summary>
public sealed class CancelTests
{
    [Theory(Skip = Needs.CancelOn)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S30_CancelOn_MatchingEventCancelsSleepingRun(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);
        var tag = InteropStack.NewTag();
        var user = "u-" + tag;

        var id = await stack.Server.SendEventAsync("interop/s30.start", new JsonObject { ["tag"] = tag, ["user"] = user });
        var started = await stack.Server.WaitForRunStartAsync(id, stack.Fn("s30-cancel-on"));
        var runId = (string)started["run_id"]!;
        await Eventually.Until(() => stack.Server.HistoryAsync(runId), h => h.Any(e => (string?)e!["type"] == "SleepStarted"), "the run to sleep");

        await stack.Server.SendEventAsync("interop/s30.cancel", new JsonObject { ["user"] = "someone-else-" + tag });
        await stack.Server.SendEventAsync("interop/s30.cancel", new JsonObject { ["user"] = user });
        var run = await stack.Server.WaitForRunStatusAsync(runId, "Cancelled");

        Assert.Equal("Cancelled", (string?)run["status"]);
        var callsAtCancel = (await stack.App.CallsForRunAsync(runId)).Count;
        var cancelled = await Eventually.Until(
            async () => (await stack.Server.EventsNamedAsync("inngest/function.cancelled")).FirstOrDefault(e => (string?)e!["data"]?["run_id"] == runId),
            e => e is not null,
            "inngest/function.cancelled");
        Assert.Equal(stack.Fn("s30-cancel-on"), (string?)cancelled!["data"]!["function_id"]);
        Assert.Empty(await stack.App.MarksAsync(tag, "woke"));
        Assert.Equal(callsAtCancel, (await stack.App.CallsForRunAsync(runId)).Count);
    }
}

using Steadfast.Interop.Tests.Infrastructure;

namespace Steadfast.Interop.Tests.Scenarios;

/// <summary>Reference §11 scenarios 28 and 29: step.waitForEvent.</summary>
public sealed class WaitForEventTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S28_WaitForEventMatch_MemoIsTheMatchingEventSentAfterTheWait(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);
        var tag = InteropStack.NewTag();
        var key = "k-" + tag;

        // Sent before the wait exists: must not match.
        await stack.Server.SendEventAsync("interop/s28.resume", new JsonObject { ["id"] = key, ["order"] = "before" });
        var id = await stack.Server.SendEventAsync("interop/s28.start", new JsonObject { ["tag"] = tag, ["id"] = key });
        var started = await stack.Server.WaitForRunStartAsync(id, stack.Fn("s28-wait-match"));
        var runId = (string)started["run_id"]!;
        var waitCall = await Eventually.Until(
            async () => (await stack.App.CallsForRunAsync(runId)).FirstOrDefault(c => Calls.Ops(c!).Any(o => (string?)o["op"] == "WaitForEvent")),
            c => c is not null && c["finishedAt"] is not null,
            "the WaitForEvent op");
        var op = Calls.Ops(waitCall!).Single();
        Assert.Equal("interop/s28.resume", (string?)op["name"] ?? (string?)op["opts"]?["event"]);
        Assert.Equal("event.data.id == async.data.id", (string?)op["opts"]!["if"]);

        // The pause exists once the server has recorded the wait in the run's history.
        await Eventually.Until(() => stack.Server.HistoryAsync(runId), h => h.Any(e => (string?)e!["step_id"] == StepIds.Hash("wait")), "the wait in the run history");
        await stack.Server.SendEventAsync("interop/s28.resume", new JsonObject { ["id"] = "other-" + tag, ["order"] = "other" });
        var matching = await stack.Server.SendEventAsync("interop/s28.resume", new JsonObject { ["id"] = key, ["order"] = "after" });
        var run = await stack.Server.WaitForRunEndAsync(id, stack.Fn("s28-wait-match"));

        Assert.Equal("Completed", (string?)run["status"]);
        var got = (await stack.App.MarksAsync(tag, "resumed")).Single()!["data"]!["got"]!;
        Assert.Equal("interop/s28.resume", (string?)got["name"]);
        Assert.Equal("after", (string?)got["data"]!["order"]);
        Assert.Equal(matching, (string?)got["id"]);
        Assert.NotNull(got["ts"]);
        var calls = await stack.App.CallsForRunAsync(runId);
        var memo = JsonNode.Parse(Calls.Memo(calls[^1]!, StepIds.Hash("wait"))!)!;
        Assert.Equal("interop/s28.resume", (string?)memo["name"]); // the event itself, not {"data": event}
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S29_WaitForEventTimeout_HandlerSeesNull(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);
        var tag = InteropStack.NewTag();

        var id = await stack.Server.SendEventAsync("interop/s29.start", new JsonObject { ["tag"] = tag });
        var run = await stack.Server.WaitForRunEndAsync(id, stack.Fn("s29-wait-timeout"));

        Assert.Equal("Completed", (string?)run["status"]);
        Assert.Equal("""{"got":null}""", run["output"]!.ToJsonString());
        var calls = await stack.App.CallsForRunAsync((string)run["run_id"]!);
        var list = calls.ToList();
        var waitIndex = list.FindIndex(c => Calls.Ops(c!).Any(o => (string?)o["op"] == "WaitForEvent"));
        Assert.True(waitIndex >= 0, Calls.Describe(calls));
        var op = Calls.Ops(list[waitIndex]!).Single();
        Assert.Equal("2s", (string?)op["opts"]!["timeout"]);
        var gap = Calls.At(list[waitIndex + 1]!) - Calls.FinishedAt(list[waitIndex]!);
        Assert.True(gap >= 1995, $"timed out after {gap} ms for a 2s timeout");
        Assert.Equal("null", Calls.Memo(list[waitIndex + 1]!, StepIds.Hash("wait")));
    }
}

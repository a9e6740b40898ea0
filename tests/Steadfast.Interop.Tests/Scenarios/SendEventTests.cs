using Steadfast.Interop.Tests.Infrastructure;

namespace Steadfast.Interop.Tests.Scenarios;

/// <summary>Reference §11 scenario 33: step.sendEvent.</summary>
public sealed class SendEventTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S33_StepSendEvent_SentOnceMemoizedAndDelivered(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);
        var tag = InteropStack.NewTag();

        var id = await stack.Server.SendEventAsync("interop/s33.start", new JsonObject { ["tag"] = tag });
        var run = await stack.Server.WaitForRunEndAsync(id, stack.Fn("s33-send-event"));

        Assert.Equal("Completed", (string?)run["status"]);
        var sentIds = run["output"]!["sent"]!["ids"]!.AsArray().Select(i => (string)i!).ToList();
        var sentId = Assert.Single(sentIds);

        var calls = await stack.App.CallsForRunAsync((string)run["run_id"]!);
        var op = calls.SelectMany(c => Calls.Ops(c!)).Single(o => (string?)o["id"] == StepIds.Hash("send"));
        Assert.Equal("StepRun", (string?)op["op"]);
        Assert.Equal("step.sendEvent", (string?)op["opts"]?["type"]);
        Assert.Equal("{\"data\":{\"ids\":[\"" + sentId + "\"]}}", Calls.Memo(calls[^1]!, StepIds.Hash("send")));

        // Replays did not send again: exactly one POST /e/ with this tag left the app.
        var posts = (await stack.App.OutboundContainingAsync(tag)).Where(o => ((string)o!["path"]!).StartsWith("/e/", StringComparison.Ordinal)).ToList();
        Assert.Single(posts);

        // The sent event reached its own function.
        var received = (await stack.App.WaitForMarksAsync(tag, "received", 1)).Single()!;
        Assert.Equal(sentId, (string?)received["data"]!["id"]);
        var receiverRun = await stack.Server.WaitForRunEndAsync(sentId, stack.Fn("s33-receiver"));
        Assert.Equal("Completed", (string?)receiverRun["status"]);
    }
}

using Steadfast.Interop.Tests.Infrastructure;

namespace Steadfast.Interop.Tests.Scenarios;

/// <summary>Reference §11 scenarios 13–16: what a handler receives, trigger matching, and the no-step function.</summary>
public sealed class DeliveryTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S13_EventShape_IdTsUserAndDataDelivered(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);
        var tag = InteropStack.NewTag();
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var id = await stack.Server.SendEventAsync("interop/s13.shape", new JsonObject { ["tag"] = tag, ["nested"] = new JsonObject { ["x"] = 1 } });
        var mark = (await stack.App.WaitForMarksAsync(tag, "event", 1))[0]!["data"]!;
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var e = mark["event"]!.AsObject();
        Assert.Equal("interop/s13.shape", (string?)e["name"]);
        Assert.Equal(id, (string?)e["id"]); // no user id: the internal id
        var ts = e["ts"]!.GetValue<long>(); // an integer of milliseconds
        Assert.InRange(ts, before - 1000, after + 1000);
        Assert.Equal("{}", e["user"]!.ToJsonString());
        Assert.Equal(tag, (string?)e["data"]!["tag"]);
        Assert.Equal(1, e["data"]!["nested"]!["x"]!.GetValue<int>());
        Assert.Null(e["data"]!["_inngest"]);
        Assert.Equal(1, mark["eventsLength"]!.GetValue<int>());

        // A given ts and id are kept as sent.
        var tag2 = InteropStack.NewTag();
        await stack.Server.SendEventsAsync(new JsonObject { ["name"] = "interop/s13.shape", ["id"] = "user-id-" + tag2, ["ts"] = 1700000000000, ["data"] = new JsonObject { ["tag"] = tag2 } }.ToJsonString());
        var e2 = (await stack.App.WaitForMarksAsync(tag2, "event", 1))[0]!["data"]!["event"]!;
        Assert.Equal("user-id-" + tag2, (string?)e2["id"]);
        Assert.Equal(1700000000000, e2["ts"]!.GetValue<long>());
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S14_TriggerExpression_OnlyMatchingEventsRun(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);
        var tag = InteropStack.NewTag();

        var ids = await stack.Server.SendEventsAsync(new JsonArray(
            new JsonObject { ["name"] = "interop/s14.expr", ["data"] = new JsonObject { ["tag"] = tag, ["x"] = 2 } },
            new JsonObject { ["name"] = "interop/s14.expr", ["data"] = new JsonObject { ["tag"] = tag, ["x"] = 1 } }).ToJsonString());

        var run = await stack.Server.WaitForRunEndAsync(ids[1], stack.Fn("s14-expression"));
        Assert.Equal("Completed", (string?)run["status"]);
        Assert.Equal("1", run["output"]!.ToJsonString());
        Assert.Empty(await stack.Server.RunsOfAsync(ids[0], stack.Fn("s14-expression")));
        var ran = await stack.App.MarksAsync(tag, "ran");
        Assert.Equal(1, Assert.Single(ran)!["data"]!["x"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S15_WildcardTrigger_MatchesPrefix(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);
        var tag = InteropStack.NewTag();

        var ids = await stack.Server.SendEventsAsync(new JsonArray(
            new JsonObject { ["name"] = "interop-s150/a", ["data"] = new JsonObject { ["tag"] = tag } },
            new JsonObject { ["name"] = "interop-s15/a", ["data"] = new JsonObject { ["tag"] = tag } }).ToJsonString());

        var run = await stack.Server.WaitForRunEndAsync(ids[1], stack.Fn("s15-wildcard"));
        Assert.Equal("Completed", (string?)run["status"]);
        Assert.Equal("\"interop-s15/a\"", run["output"]!.ToJsonString());
        Assert.Empty(await stack.Server.RunsOfAsync(ids[0], stack.Fn("s15-wildcard")));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S16_NoStepFunction_CompletedWithOutputAndFinishedEvent(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);
        var tag = InteropStack.NewTag();

        var id = await stack.Server.SendEventAsync("interop/s16.plain", new JsonObject { ["tag"] = tag });
        var run = await stack.Server.WaitForRunEndAsync(id, stack.Fn("s16-no-step"));

        Assert.Equal("Completed", (string?)run["status"]);
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["ok"] = true, ["tag"] = tag }, run["output"]), run.ToJsonString());
        var runId = (string)run["run_id"]!;
        var calls = await stack.App.CallsForRunAsync(runId);
        var call = Assert.Single(calls)!;
        Assert.Equal(200, Calls.Status(call));

        var finished = await Eventually.Until(
            async () => (await stack.Server.EventsNamedAsync("inngest/function.finished")).FirstOrDefault(e => (string?)e!["data"]?["run_id"] == runId),
            e => e is not null,
            $"inngest/function.finished for run {runId}");
        Assert.Equal(stack.Fn("s16-no-step"), (string?)finished!["data"]!["function_id"]);
        Assert.True(JsonNode.DeepEquals(run["output"], finished["data"]!["result"]), finished.ToJsonString());
    }
}

using Steadfast.Interop.Tests.Infrastructure;

namespace Steadfast.Interop.Tests.Scenarios;

/// <summary>Reference §11 scenarios 17 and 18: serial steps and repeated step ids.</summary>
public sealed class StepTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S17_SerialSteps_OneCallPerStepWithGrowingMemoAndStack(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);
        var tag = InteropStack.NewTag();

        var id = await stack.Server.SendEventAsync("interop/s17.serial", new JsonObject { ["tag"] = tag });
        var run = await stack.Server.WaitForRunEndAsync(id, stack.Fn("s17-serial"));

        Assert.Equal("Completed", (string?)run["status"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"a":"A","b":"AB","c":"ABC"}"""), run["output"]), run.ToJsonString());
        var calls = await stack.App.CallsForRunAsync((string)run["run_id"]!);
        var why = Calls.Describe(calls);
        Assert.True(calls.Count == 4, why);
        string[] names = ["a", "b", "c"];
        for (var i = 0; i < 3; i++)
        {
            var call = calls[i]!;
            Assert.Equal("step", Calls.StepIdParam(call));
            var expectedStack = names.Take(i).Select(StepIds.Hash).ToList();
            Assert.Equal(expectedStack, Calls.Stack(call));
            Assert.Equal(expectedStack.Order(StringComparer.Ordinal), Calls.StepKeys(call).Order(StringComparer.Ordinal));
            var op = Assert.Single(Calls.Ops(call));
            Assert.Equal("StepRun", (string?)op["op"]);
            Assert.Equal(StepIds.Hash(names[i]), (string?)op["id"]);
        }

        // Memo values are {"data": …}.
        var last = calls[3]!;
        Assert.Equal(200, Calls.Status(last));
        Assert.Equal("""{"data":"AB"}""", Calls.Memo(last, StepIds.Hash("b")));
        Assert.Equal(names.Select(StepIds.Hash).ToList(), Calls.Stack(last));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S18_RepeatedStepIdInLoop_SuffixedHashesMemoizedSeparately(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);
        var tag = InteropStack.NewTag();

        var id = await stack.Server.SendEventAsync("interop/s18.loop", new JsonObject { ["tag"] = tag });
        var run = await stack.Server.WaitForRunEndAsync(id, stack.Fn("s18-loop"));

        Assert.Equal("Completed", (string?)run["status"]);
        Assert.Equal("[0,10,20]", run["output"]!.ToJsonString());
        var executed = await stack.App.MarksAsync(tag, "executed");
        Assert.Equal([0, 1, 2], executed.Select(m => m!["data"]!["i"]!.GetValue<int>()));
        var calls = await stack.App.CallsForRunAsync((string)run["run_id"]!);
        var last = calls[^1]!;
        Assert.Equal(new[] { "loop", "loop:1", "loop:2" }.Select(StepIds.Hash).ToList(), Calls.Stack(last));
        Assert.Equal("""{"data":10}""", Calls.Memo(last, StepIds.Hash("loop:1")));
        var ops = calls.SelectMany(c => Calls.Ops(c!)).ToList();
        var second = ops.Single(o => (string?)o["id"] == StepIds.Hash("loop:1"));
        Assert.Equal("loop", (string?)second["userland"]?["id"] ?? (string?)second["name"]);
    }
}

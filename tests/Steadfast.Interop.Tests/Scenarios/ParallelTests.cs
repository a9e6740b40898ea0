using Steadfast.Interop.Tests.Infrastructure;

namespace Steadfast.Interop.Tests.Scenarios;

/// <summary>Reference §11 scenario 19: parallel steps planned, each executed exactly once, fan-in.</summary>
public sealed class ParallelTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S19_ParallelSteps_PlannedEachRunOnceThenFanIn(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);
        var tag = InteropStack.NewTag();

        var id = await stack.Server.SendEventAsync("interop/s19.parallel", new JsonObject { ["tag"] = tag });
        var run = await stack.Server.WaitForRunEndAsync(id, stack.Fn("s19-parallel"));

        Assert.Equal("Completed", (string?)run["status"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"a":"A","b":"B","c":"C","d":"D"}"""), run["output"]), run.ToJsonString());
        var executed = (await stack.App.MarksAsync(tag, "executed")).Select(m => (string)m!["data"]!["step"]!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["b", "c", "d"], executed);

        var calls = await stack.App.CallsForRunAsync((string)run["run_id"]!);
        var why = Calls.Describe(calls);
        string b = StepIds.Hash("b"), c = StepIds.Hash("c"), d = StepIds.Hash("d");

        // One response planned both b and c.
        var planning = calls.First(x => Calls.Ops(x!).Count == 2)!;
        Assert.All(Calls.Ops(planning), o => Assert.Equal("StepPlanned", (string?)o["op"]));
        Assert.Equal(new[] { b, c }.Order(StringComparer.Ordinal), Calls.Ops(planning).Select(o => (string)o["id"]!).Order(StringComparer.Ordinal));

        // Each planned step was called by its hash, with immediate execution disabled, and ran exactly once.
        foreach (var h in new[] { b, c })
        {
            var targeted = calls.Where(x => Calls.StepIdParam(x!) == h).ToList();
            Assert.True(targeted.Count == 1, $"{h}: {targeted.Count} calls\n{why}");
            Assert.True((bool?)Calls.Ctx(targeted[0]!)["disable_immediate_execution"], why);
            var op = Assert.Single(Calls.Ops(targeted[0]!));
            Assert.Equal("StepRun", (string?)op["op"]);
        }

        Assert.Equal(1, calls.SelectMany(x => Calls.Ops(x!)).Count(o => (string?)o["op"] == "StepRun" && (string?)o["id"] == d));
        var final = calls[^1]!;
        Assert.Equal(200, Calls.Status(final));
        Assert.Equal(4, Calls.StepKeys(final).Count);

        if (major == 4)
        {
            // Request version 2: ForceStepPlan is reset after the fan-in, so the single step d runs immediately
            // from a discovery call instead of being planned.
            var dCall = calls.Single(x => Calls.Ops(x!).Any(o => (string?)o["id"] == d && (string?)o["op"] == "StepRun"))!;
            Assert.Equal("step", Calls.StepIdParam(dCall));
            Assert.False((bool?)Calls.Ctx(dCall)["disable_immediate_execution"] ?? false, why);
            Assert.DoesNotContain(calls, x => Calls.Ops(x!).Any(o => (string?)o["id"] == d && (string?)o["op"] == "StepPlanned"));
        }
    }
}

using Steadfast.Interop.Tests.Infrastructure;

namespace Steadfast.Interop.Tests.Scenarios;

/// <summary>Reference §11 scenarios 31 and 32: step.invoke.</summary>
public sealed class InvokeTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S31_Invoke_ChildGetsInvokedEventParentGetsResultOrError(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);
        var tag = InteropStack.NewTag();

        var id = await stack.Server.SendEventAsync("interop/s31.invoke", new JsonObject { ["tag"] = tag });
        var run = await stack.Server.WaitForRunEndAsync(id, stack.Fn("s31-invoke"), TimeSpan.FromSeconds(60));

        Assert.Equal("Completed", (string?)run["status"]);
        var children = await stack.App.MarksAsync(tag, "child");
        Assert.Equal(2, children.Count);
        Assert.All(children, c => Assert.Equal("inngest/function.invoked", (string?)c!["data"]!["name"]));
        Assert.Contains(children, c => c!["data"]!["data"]!["n"]!.GetValue<int>() == 21 && c["data"]!["data"]!["_inngest"] is not null);
        var parent = (await stack.App.MarksAsync(tag, "parent")).Single()!["data"]!;
        Assert.Equal("""{"doubled":42}""", parent["ok"]!.ToJsonString());
        Assert.Contains("child refused", (string?)parent["failed"]?["message"] ?? "", StringComparison.Ordinal);
        var calls = await stack.App.CallsForRunAsync((string)run["run_id"]!);
        var op = calls.SelectMany(c => Calls.Ops(c!)).First(o => (string?)o["op"] == "InvokeFunction");
        Assert.Equal(stack.Fn("s31-child"), (string?)op["opts"]!["function_id"]);
        Assert.Equal("""{"data":{"doubled":42}}""", Calls.Memo(calls[^1]!, StepIds.Hash("call-child")));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S32_InvokeTimeout_ParentGetsInvokeTimeoutError(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);
        var tag = InteropStack.NewTag();

        var id = await stack.Server.SendEventAsync("interop/s32.invoke", new JsonObject { ["tag"] = tag });
        var run = await stack.Server.WaitForRunEndAsync(id, stack.Fn("s32-invoke-timeout"), TimeSpan.FromSeconds(30));

        Assert.Equal("Completed", (string?)run["status"]);
        var parent = (await stack.App.MarksAsync(tag, "parent")).Single()!["data"]!;
        Assert.Null(parent["result"]);
        Assert.Contains("Timed out waiting for invoked function to complete", (string?)parent["error"]?["message"] ?? "", StringComparison.Ordinal);
        var calls = await stack.App.CallsForRunAsync((string)run["run_id"]!);
        var memo = JsonNode.Parse(Calls.Memo(calls[^1]!, StepIds.Hash("call-slow"))!)!;
        Assert.Equal("InngestInvokeTimeoutError", (string?)memo["error"]!["name"]);
    }
}

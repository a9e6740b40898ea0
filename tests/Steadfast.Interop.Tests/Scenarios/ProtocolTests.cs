using Steadfast.Interop.Tests.Infrastructure;

namespace Steadfast.Interop.Tests.Scenarios;

/// <summary>Reference §11 scenarios 37, 42 and 43: large state, checkpointing and request versions.</summary>
public sealed class ProtocolTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S37_LargeState_UseApiAndSdkFetchesBatchAndActions(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);
        var tag = InteropStack.NewTag();

        var id = await stack.Server.SendEventAsync("interop/s37.big", new JsonObject { ["tag"] = tag });
        var run = await stack.Server.WaitForRunEndAsync(id, stack.Fn("s37-use-api"), TimeSpan.FromSeconds(60));
        var runId = (string)run["run_id"]!;

        Assert.Equal("Completed", (string?)run["status"]);
        Assert.Equal("""{"sizes":[1600000,1600000,1600000]}""", run["output"]!.ToJsonString());
        var calls = await stack.App.CallsForRunAsync(runId);
        var why = Calls.Describe(calls);
        var viaApi = calls.Where(c => (bool?)Calls.Ctx(c!)["use_api"] == true).ToList();
        Assert.True(viaApi.Count > 0, why);
        Assert.All(viaApi, c => Assert.Empty(Calls.StepKeys(c!)));
        Assert.All(viaApi, c => Assert.NotNull(c!["body"]!["event"]));
        Assert.Contains(await stack.App.OutboundAsync($"/v0/runs/{runId}/actions"), o => (int?)o!["status"] == 200);
        Assert.Contains(await stack.App.OutboundAsync($"/v0/runs/{runId}/batch"), o => (int?)o!["status"] == 200);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S42_Checkpointing_OnlyWhenFnIdSentAndOutputCorrect(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);
        var tag = InteropStack.NewTag();

        var id = await stack.Server.SendEventAsync("interop/s42.steps", new JsonObject { ["tag"] = tag });
        var run = await stack.Server.WaitForRunEndAsync(id, stack.Fn("s42-three-steps"));
        var runId = (string)run["run_id"]!;

        Assert.Equal("Completed", (string?)run["status"]);
        Assert.Equal("""{"sum":6}""", run["output"]!.ToJsonString());
        Assert.Single(await stack.App.MarksAsync(tag, "done"));
        var calls = await stack.App.CallsForRunAsync(runId);
        var checkpoints = await stack.App.OutboundAsync($"/v1/checkpoint/{runId}/async");
        var fnIdSent = calls.Any(c => Calls.Ctx(c!)["fn_id"] is not null);
        if (fnIdSent && major == 4)
        {
            // v4 checkpoints each step and ends with a 206 carrying RunComplete.
            Assert.Equal(3, checkpoints.SelectMany(c => JsonNode.Parse((string)c!["body"]!)!["steps"]!.AsArray()).Count());
            Assert.All(checkpoints, c => Assert.InRange((int)c!["status"]!, 200, 299));
            Assert.Contains(calls, c => Calls.Ops(c!).Any(o => (string?)o["op"] == "RunComplete"));
        }
        else
        {
            Assert.Empty(checkpoints);
            Assert.Equal(4, calls.Count);
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S43_RequestVersion_MinusOneFirstThenWhatTheSdkAnswered(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);
        var tag = InteropStack.NewTag();

        var id = await stack.Server.SendEventAsync("interop/s42.steps", new JsonObject { ["tag"] = tag });
        var run = await stack.Server.WaitForRunEndAsync(id, stack.Fn("s42-three-steps"));

        var calls = await stack.App.CallsForRunAsync((string)run["run_id"]!);
        Assert.True(calls.Count >= 2, Calls.Describe(calls));
        var first = calls[0]!;
        Assert.Equal(-1, first["body"]!["version"]!.GetValue<int>());
        Assert.Equal("-1", Calls.RequestHeader(first, "x-inngest-req-version"));
        var answered = Calls.ResponseHeader(first, "x-inngest-req-version");
        Assert.Equal(major == 4 ? "2" : "1", answered);
        foreach (var later in calls.Skip(1))
        {
            Assert.Equal(int.Parse(answered!, System.Globalization.CultureInfo.InvariantCulture), later!["body"]!["version"]!.GetValue<int>());
            Assert.Equal(answered, Calls.RequestHeader(later, "x-inngest-req-version"));
        }

        Assert.DoesNotContain(calls, c => c!["body"]!["version"]!.GetValue<int>() == 0);
    }
}

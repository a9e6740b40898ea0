using Steadfast.Interop.Tests.Infrastructure;

namespace Steadfast.Interop.Tests.Scenarios;

/// <summary>Reference §11 scenarios 23–25: function-level errors and the retry budget.</summary>
public sealed class FunctionRetryTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S23_NonRetriableError_FailsOnFirstAttempt(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);
        var tag = InteropStack.NewTag();

        var id = await stack.Server.SendEventAsync("interop/s23.nonretriable", new JsonObject { ["tag"] = tag });
        var run = await stack.Server.WaitForRunEndAsync(id, stack.Fn("s23-non-retriable"));

        Assert.Equal("Failed", (string?)run["status"]);
        Assert.Contains("no point retrying", run["output"]!.ToJsonString(), StringComparison.Ordinal);
        var call = Assert.Single(await stack.App.CallsForRunAsync((string)run["run_id"]!))!;
        Assert.Equal(400, Calls.Status(call));
        Assert.Equal("true", Calls.ResponseHeader(call, "x-inngest-no-retry"));
        Assert.Single(await stack.App.MarksAsync(tag, "attempt"));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S24_RetryAfterError_RescheduledAfterTheGivenDelay(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);
        var tag = InteropStack.NewTag();

        // The server runs with --retry-interval 1, so a retry ≥ 5 s later can only come from retry-after.
        var id = await stack.Server.SendEventAsync("interop/s24.retryafter", new JsonObject { ["tag"] = tag, ["retryAfter"] = "5s" });
        var run = await stack.Server.WaitForRunEndAsync(id, stack.Fn("s24-retry-after"));

        Assert.Equal("Completed", (string?)run["status"]);
        Assert.Equal("""{"attempt":1}""", run["output"]!.ToJsonString());
        var calls = await stack.App.CallsForRunAsync((string)run["run_id"]!);
        Assert.Equal(2, calls.Count);
        Assert.Equal(500, Calls.Status(calls[0]!));
        Assert.Equal("5", Calls.ResponseHeader(calls[0]!, "retry-after"));
        Assert.Equal("false", Calls.ResponseHeader(calls[0]!, "x-inngest-no-retry"));
        var gap = Calls.At(calls[1]!) - Calls.FinishedAt(calls[0]!);
        Assert.True(gap >= 4900, $"retried {gap} ms after the 500 with retry-after: 5");
        Assert.True(gap < 15000, $"retried {gap} ms after the 500 with retry-after: 5");
        Assert.Equal(1, Calls.Attempt(calls[1]!));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S25_FunctionRetryBudget_ThreeCallsLastAnswered400(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);
        var tag = InteropStack.NewTag();

        var id = await stack.Server.SendEventAsync("interop/s25.budget", new JsonObject { ["tag"] = tag });
        var run = await stack.Server.WaitForRunEndAsync(id, stack.Fn("s25-retry-budget"));

        Assert.Equal("Failed", (string?)run["status"]);
        Assert.Contains("plain failure 2", run["output"]!.ToJsonString(), StringComparison.Ordinal);
        var calls = await stack.App.CallsForRunAsync((string)run["run_id"]!);
        Assert.Equal([0, 1, 2], calls.Select(c => Calls.Attempt(c!)));
        Assert.All(calls, c => Assert.Equal(3, Calls.Ctx(c!)["max_attempts"]!.GetValue<int>()));
        // v4 flips the last attempt to non-retriable itself (400); v3 answers 500 every time, so the server must stop
        // by its own count of max_attempts.
        Assert.Equal(major == 4 ? new[] { 500, 500, 400 } : new[] { 500, 500, 500 }, calls.Select(c => Calls.Status(c!)));
        Assert.Equal(major == 4 ? new[] { "false", "false", "true" } : new[] { "false", "false", "false" }, calls.Select(c => Calls.ResponseHeader(c!, "x-inngest-no-retry")));
        Assert.Equal(3, (await stack.App.MarksAsync(tag, "attempt")).Count);
    }
}

using Steadfast.Interop.Tests.Infrastructure;

namespace Steadfast.Interop.Tests.Scenarios;

/// <summary>Reference §11 scenarios 20–22: step errors, retries, StepFailed, catch and onFailure.</summary>
public sealed class StepRetryTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S20_StepRetryThenSuccess_SameStepRecalledWithNextAttempt(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);
        var tag = InteropStack.NewTag();

        var id = await stack.Server.SendEventAsync("interop/s20.retry", new JsonObject { ["tag"] = tag });
        var run = await stack.Server.WaitForRunEndAsync(id, stack.Fn("s20-step-retry"));

        Assert.Equal("Completed", (string?)run["status"]);
        Assert.Equal("""{"attempt":2}""", run["output"]!.ToJsonString());
        Assert.Equal([0, 1, 2], (await stack.App.MarksAsync(tag, "attempt")).Select(m => m!["data"]!["attempt"]!.GetValue<int>()));

        var calls = await stack.App.CallsForRunAsync((string)run["run_id"]!);
        var why = Calls.Describe(calls);
        var errors = calls.Where(x => Calls.Ops(x!).Any(o => (string?)o["op"] == "StepError")).ToList();
        Assert.True(errors.Count == 2, why);
        Assert.All(errors, x => Assert.Equal("false", Calls.ResponseHeader(x!, "x-inngest-no-retry")));
        Assert.Equal([0, 1], errors.Select(x => Calls.Attempt(x!)));
        var success = calls.Single(x => Calls.Ops(x!).Any(o => (string?)o["op"] == "StepRun"))!;
        Assert.Equal(2, Calls.Attempt(success));
        Assert.Equal(Calls.StepIdParam(errors[0]!), Calls.StepIdParam(success));
        Assert.Equal(5, Calls.Ctx(success)["max_attempts"]!.GetValue<int>()); // default retries 4
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S21_StepExhaustsRetries_StepFailedStoredAndCaught(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);
        var tag = InteropStack.NewTag();

        var id = await stack.Server.SendEventAsync("interop/s21.caught", new JsonObject { ["tag"] = tag });
        var run = await stack.Server.WaitForRunEndAsync(id, stack.Fn("s21-step-caught"));

        Assert.Equal("Completed", (string?)run["status"]);
        Assert.Equal("""{"caught":"step exploded"}""", run["output"]!.ToJsonString());
        Assert.Equal([0, 1], (await stack.App.MarksAsync(tag, "attempt")).Select(m => m!["data"]!["attempt"]!.GetValue<int>()));

        var calls = await stack.App.CallsForRunAsync((string)run["run_id"]!);
        var why = Calls.Describe(calls);
        var boom = StepIds.Hash("boom");
        var failed = calls.Single(x => Calls.Ops(x!).Any(o => (string?)o["op"] == "StepFailed"))!;
        if (major == 4)
        {
            // v3 reports StepFailed with x-inngest-no-retry: false; the op alone must make the server stop retrying.
            Assert.Equal("true", Calls.ResponseHeader(failed, "x-inngest-no-retry"));
        }

        Assert.Equal(1, Calls.Attempt(failed));
        Assert.Equal(2, Calls.Ctx(failed)["max_attempts"]!.GetValue<int>());

        // The server stored {"error": …} and sent it back; the SDK threw it into the catch.
        var memo = JsonNode.Parse(Calls.Memo(calls[^1]!, boom) ?? "null");
        Assert.True(memo is JsonObject o && o.Count == 1 && (string?)o["error"]?["message"] == "step exploded", why);
        Assert.Contains(StepIds.Hash("boom"), Calls.Stack(calls[^1]!));
        var history = await stack.Server.HistoryAsync((string)run["run_id"]!);
        Assert.Contains(history, h => (string?)h!["type"] == "StepFailed");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S22_UncaughtStepFailure_RunFailedAndOnFailureReceivesError(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);
        var tag = InteropStack.NewTag();

        var id = await stack.Server.SendEventAsync("interop/s22.uncaught", new JsonObject { ["tag"] = tag });
        var run = await stack.Server.WaitForRunEndAsync(id, stack.Fn("s22-step-uncaught"));
        var runId = (string)run["run_id"]!;

        Assert.Equal("Failed", (string?)run["status"]);
        Assert.Contains("step exploded for good", run["output"]!.ToJsonString(), StringComparison.Ordinal);
        var calls = await stack.App.CallsForRunAsync(runId);
        var last = calls[^1]!;
        Assert.Equal(400, Calls.Status(last));
        Assert.Equal("true", Calls.ResponseHeader(last, "x-inngest-no-retry"));

        var failure = (await stack.App.WaitForMarksAsync(tag, "onFailure", 1))[0]!["data"]!;
        Assert.Equal("inngest/function.failed", (string?)failure["name"]);
        Assert.Equal(stack.Fn("s22-step-uncaught"), (string?)failure["function_id"]);
        Assert.Equal(runId, (string?)failure["run_id"]);
        Assert.Contains("step exploded for good", (string?)failure["error"]?["message"] ?? "", StringComparison.Ordinal);

        var failedEvent = (await stack.Server.EventsNamedAsync("inngest/function.failed")).Single(e => (string?)e!["data"]?["run_id"] == runId)!;
        Assert.Equal(stack.Fn("s22-step-uncaught"), (string?)failedEvent["data"]!["function_id"]);
    }
}

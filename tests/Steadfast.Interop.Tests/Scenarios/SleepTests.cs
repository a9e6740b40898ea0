using Steadfast.Interop.Tests.Infrastructure;

namespace Steadfast.Interop.Tests.Scenarios;

/// <summary>Reference §11 scenarios 26 and 27: step.sleep and step.sleepUntil.</summary>
public sealed class SleepTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S26_Sleep_OpNamedByDurationResumedNotEarlyWithNullMemo(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);
        var tag = InteropStack.NewTag();

        var id = await stack.Server.SendEventAsync("interop/s26.sleep", new JsonObject { ["tag"] = tag });
        var run = await stack.Server.WaitForRunEndAsync(id, stack.Fn("s26-sleep"));

        Assert.Equal("Completed", (string?)run["status"]);
        var calls = await stack.App.CallsForRunAsync((string)run["run_id"]!);
        var why = Calls.Describe(calls);
        var s = StepIds.Hash("s");
        var sleepIndex = calls.ToList().FindIndex(c => Calls.Ops(c!).Any(o => (string?)o["op"] == "Sleep"));
        Assert.True(sleepIndex >= 0, why);
        var op = Calls.Ops(calls[sleepIndex]!).Single();
        Assert.Equal(s, (string?)op["id"]);
        Assert.Equal("2s", (string?)op["name"]);

        var next = calls[sleepIndex + 1]!;
        var gap = Calls.At(next) - Calls.FinishedAt(calls[sleepIndex]!);
        Assert.True(gap >= 1995, $"woke {gap} ms after a 2s sleep was reported\n{why}");
        Assert.Equal("null", Calls.Memo(next, s));
        Assert.Contains(s, Calls.Stack(next));
        var history = await stack.Server.HistoryAsync((string)run["run_id"]!);
        Assert.Contains(history, h => (string?)h!["type"] == "SleepStarted");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task S27_SleepUntil_IsoNamePastResumesAtOnceFutureNotEarly(int major)
    {
        var stack = await InteropStack.ForMajorAsync(major);
        var tag = InteropStack.NewTag();
        var now = DateTimeOffset.UtcNow;
        var future = now.AddSeconds(3);

        var id = await stack.Server.SendEventAsync("interop/s27.until", new JsonObject
        {
            ["tag"] = tag,
            ["past"] = now.AddMinutes(-5).ToString("O"),
            ["future"] = future.ToString("O"),
        });
        var run = await stack.Server.WaitForRunEndAsync(id, stack.Fn("s27-sleep-until"));

        Assert.Equal("Completed", (string?)run["status"]);
        var calls = await stack.App.CallsForRunAsync((string)run["run_id"]!);
        var why = Calls.Describe(calls);
        var list = calls.ToList();
        var pastIndex = list.FindIndex(c => Calls.Ops(c!).Any(o => (string?)o["id"] == StepIds.Hash("past")));
        var futureIndex = list.FindIndex(c => Calls.Ops(c!).Any(o => (string?)o["id"] == StepIds.Hash("future")));
        Assert.True(pastIndex >= 0 && futureIndex > pastIndex, why);

        var pastOp = Calls.Ops(list[pastIndex]!).Single();
        Assert.Equal("Sleep", (string?)pastOp["op"]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$", (string?)pastOp["name"]);
        var pastGap = Calls.At(list[pastIndex + 1]!) - Calls.FinishedAt(list[pastIndex]!);
        Assert.True(pastGap < 1500, $"a past sleepUntil resumed after {pastGap} ms\n{why}");

        var wake = Calls.At(list[futureIndex + 1]!);
        Assert.True(wake >= future.ToUnixTimeMilliseconds() - 5, $"woke {future.ToUnixTimeMilliseconds() - wake} ms early\n{why}");
    }
}

using System.Text.Json;
using Steadfast.Protocol.Calls;
using Steadfast.Sdk.Tests.Support;
using static Steadfast.Sdk.Tests.Support.Calls;

namespace Steadfast.Sdk.Tests.Execution;

public class FunctionInvokerAsyncOpTests
{
    [Theory]
    [InlineData("3 days", "3d")]
    [InlineData("1.5h", "1h30m")]
    [InlineData("90s", "1m30s")]
    public async Task Invoke_SleepWithText_ReportsSleepOpWithCompactDurationInName(string duration, string expected)
    {
        var fn = Functions.Create(async ctx =>
        {
            await ctx.Step.Sleep("nap", duration);
            return "woke";
        });

        var response = await Invoke(fn);

        var op = Assert.Single(response.Ops);
        Assert.Equal("Sleep", op.Op);
        Assert.Equal(Hash("nap"), op.Id);
        Assert.Equal(expected, op.Name);
        Assert.Equal("nap", op.DisplayName);
        Assert.Equal("nap", op.Userland!.Id);
        Assert.Null(op.Data);
    }

    [Fact]
    public async Task Invoke_SleepWithTimeSpan_ReportsCompactDuration()
    {
        var fn = Functions.Create(async ctx =>
        {
            await ctx.Step.Sleep("nap", TimeSpan.FromMinutes(90));
            return null;
        });

        var op = Assert.Single((await Invoke(fn)).Ops);
        Assert.Equal("1h30m", op.Name);
    }

    [Fact]
    public async Task Invoke_SleepUntil_ReportsIsoInstantInName()
    {
        var fn = Functions.Create(async ctx =>
        {
            await ctx.Step.SleepUntil("until", new DateTimeOffset(2030, 1, 1, 1, 0, 0, TimeSpan.FromHours(1)));
            return null;
        });

        var op = Assert.Single((await Invoke(fn)).Ops);
        Assert.Equal("Sleep", op.Op);
        Assert.Equal("2030-01-01T00:00:00.000Z", op.Name);
    }

    [Fact]
    public async Task Invoke_SleepMemoizedNull_Resumes()
    {
        var fn = Functions.Create(async ctx =>
        {
            await ctx.Step.Sleep("nap", "3d");
            return "woke";
        });

        var response = await Invoke(fn, Memo.Steps(("nap", Memo.Null)));

        Assert.Equal(CallOutcome.Completed, response.Outcome);
        Assert.Equal("woke", response.Output.GetString());
    }

    [Fact]
    public async Task Invoke_SleepWithInvalidText_FailsWithFormatException()
    {
        var fn = Functions.Create(async ctx =>
        {
            await ctx.Step.Sleep("nap", "a while");
            return null;
        });

        var response = await Invoke(fn);

        Assert.Equal(CallOutcome.Error, response.Outcome);
        Assert.Equal("FormatException", response.Error!.Name);
        Assert.Contains("expected a number at position 0 in 'a while'", response.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_WaitForEvent_ReportsOpWithEventNameTimeoutAndIf()
    {
        var fn = Functions.Create(async ctx => await ctx.Step.WaitForEvent("wait", "test/resume", TimeSpan.FromHours(1), "event.data.id == async.data.id"));

        var op = Assert.Single((await Invoke(fn)).Ops);

        Assert.Equal("WaitForEvent", op.Op);
        Assert.Equal("test/resume", op.Name);
        Assert.Equal("1h", op.GetOption("timeout"));
        Assert.Equal("event.data.id == async.data.id", op.GetOption("if"));
        Assert.Equal(Hash("wait"), op.Id);
    }

    [Fact]
    public async Task Invoke_WaitForEventMemoizedEvent_ReturnsEvent()
    {
        var fn = Functions.Create(async ctx =>
        {
            var evt = await ctx.Step.WaitForEvent("wait", "test/resume", TimeSpan.FromHours(1));
            return evt is null ? "timeout" : $"{evt.Name}:{evt.RawData.GetProperty("ok").GetBoolean()}";
        });

        var memo = Memo.Raw("""{"name":"test/resume","data":{"ok":true},"id":"e1","ts":1700000000000,"user":{}}""");
        var response = await Invoke(fn, Memo.Steps(("wait", memo)));

        Assert.Equal("test/resume:True", response.Output.GetString());
    }

    [Fact]
    public async Task Invoke_WaitForEventMemoizedNull_ReturnsNullForTimeout()
    {
        var fn = Functions.Create(async ctx =>
        {
            var evt = await ctx.Step.WaitForEvent("wait", "test/resume", TimeSpan.FromHours(1));
            return evt is null ? "timeout" : "event";
        });

        var response = await Invoke(fn, Memo.Steps(("wait", Memo.Null)));

        Assert.Equal("timeout", response.Output.GetString());
    }

    [Fact]
    public async Task Invoke_SleepAndStepInParallel_ReportsBothOps()
    {
        var fn = Functions.Create(async ctx =>
        {
            await Task.WhenAll(ctx.Step.Sleep("nap", "1m"), ctx.Step.Run("work", () => 1));
            return null;
        });

        var response = await Invoke(fn);

        Assert.Equal(["Sleep", "StepPlanned"], response.Ops.Select(o => o.Op));
    }

    [Fact]
    public async Task Invoke_InputMemo_RunsStepInsteadOfReplaying()
    {
        var fn = Functions.Create(async ctx => await ctx.Step.Run("a", () => 7));

        var response = await Invoke(fn, Memo.Steps(("a", Memo.Raw("""{"input":[1]}"""))));

        var op = Assert.Single(response.Ops);
        Assert.Equal("StepRun", op.Op);
        Assert.Equal(7, op.Data!.Value.GetInt32());
    }

    [Fact]
    public async Task Invoke_MemoOfWrongType_FailsNonRetriably()
    {
        var fn = Functions.Create(async ctx => await ctx.Step.Run("a", () => 7));

        var response = await Invoke(fn, Memo.Steps(("a", Memo.Data("not a number"))));

        Assert.Equal(CallOutcome.Error, response.Outcome);
        Assert.True(response.NoRetry);
        Assert.Contains("does not deserialize as Int32", response.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_TypedStepResult_RoundTripsThroughJson()
    {
        var fn = Functions.Create(async ctx =>
        {
            var user = await ctx.Step.Run("load", () => new User("u1", ["a", "b"]));
            return user.Tags.Count;
        });

        var response = await Invoke(fn, Memo.Steps(("load", Memo.Data(new { id = "u1", tags = new[] { "x", "y", "z" } }))));

        Assert.Equal(3, response.Output.GetInt32());
    }

    private sealed record User(string Id, IReadOnlyList<string> Tags);
}

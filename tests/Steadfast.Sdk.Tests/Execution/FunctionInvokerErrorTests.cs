using Steadfast.Protocol.Calls;
using Steadfast.Sdk.Tests.Support;
using static Steadfast.Sdk.Tests.Support.Calls;

namespace Steadfast.Sdk.Tests.Execution;

public class FunctionInvokerErrorTests
{
    private static RegisteredFunction Boom(Exception? error = null) => Functions.Create(async ctx =>
    {
        await ctx.Step.Run("boom", () =>
        {
            if (error is not null)
            {
                throw error;
            }

            throw new InvalidOperationException("step exploded");
        });
        return "after";
    });

    [Fact]
    public async Task Invoke_StepThrowsOnFirstAttempt_ReturnsRetriableStepError()
    {
        var response = await Invoke(Boom(), attempt: 0, maxAttempts: 5);

        Assert.Equal(CallOutcome.Ops, response.Outcome);
        var op = Assert.Single(response.Ops);
        Assert.Equal("StepError", op.Op);
        Assert.Equal(Hash("boom"), op.Id);
        Assert.Equal("InvalidOperationException", op.Error!.Name);
        Assert.Equal("step exploded", op.Error.Message);
        Assert.True(op.Error.Serialized);
        Assert.False(response.NoRetry);
    }

    [Fact]
    public async Task Invoke_StepThrowsOnLastAttempt_ReturnsStepFailedNoRetry()
    {
        var response = await Invoke(Boom(), attempt: 4, maxAttempts: 5);

        var op = Assert.Single(response.Ops);
        Assert.Equal("StepFailed", op.Op);
        Assert.Equal("step exploded", op.Error!.Message);
        Assert.True(response.NoRetry);
    }

    [Fact]
    public async Task Invoke_StepThrowsNonRetriable_ReturnsStepFailedOnFirstAttempt()
    {
        var response = await Invoke(Boom(new NonRetriableException("bad input")), attempt: 0);

        var op = Assert.Single(response.Ops);
        Assert.Equal("StepFailed", op.Op);
        Assert.Equal("NonRetriableError", op.Error!.Name);
        Assert.Equal("bad input", op.Error.Message);
        Assert.True(response.NoRetry);
    }

    [Fact]
    public async Task Invoke_StepThrowsRetryAfter_ReturnsStepErrorWithRetryAfterSeconds()
    {
        var response = await Invoke(Boom(new RetryAfterException("rate limited", TimeSpan.FromSeconds(30))));

        var op = Assert.Single(response.Ops);
        Assert.Equal("StepError", op.Op);
        Assert.Equal("RetryAfterError", op.Error!.Name);
        Assert.Equal("30", response.RetryAfter);
        Assert.False(response.NoRetry);
    }

    [Fact]
    public async Task Invoke_StepErrorWithCause_SerializesCause()
    {
        var response = await Invoke(Boom(new InvalidOperationException("outer", new TimeoutException("inner"))));

        var cause = Assert.Single(response.Ops).Error!.Cause!.Value;
        Assert.Equal("TimeoutException", cause.GetProperty("name").GetString());
        Assert.Equal("inner", cause.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Invoke_MemoizedErrorCaught_HandlerRecovers()
    {
        var fn = Functions.Create(async ctx =>
        {
            try
            {
                await ctx.Step.Run("boom", () => 1);
                return "no error";
            }
            catch (StepFailedException ex)
            {
                return $"recovered {ex.StepId}: {ex.Error.Message}";
            }
        });

        var response = await Invoke(fn, Memo.Steps(("boom", Memo.Error("Error", "step exploded"))));

        Assert.Equal(CallOutcome.Completed, response.Outcome);
        Assert.Equal("recovered boom: step exploded", response.Output.GetString());
    }

    [Fact]
    public async Task Invoke_MemoizedErrorCaught_NextStepRuns()
    {
        var fn = Functions.Create(async ctx =>
        {
            try
            {
                await ctx.Step.Run("boom", () => 1);
            }
            catch (StepFailedException)
            {
                await ctx.Step.Run("compensate", () => "undo");
            }

            return null;
        });

        var response = await Invoke(fn, Memo.Steps(("boom", Memo.Error("Error", "step exploded"))));

        var op = Assert.Single(response.Ops);
        Assert.Equal(Hash("compensate"), op.Id);
        Assert.Equal("undo", op.Data!.Value.GetString());
    }

    [Fact]
    public async Task Invoke_MemoizedErrorUncaught_FailsNonRetriablyWithOriginalError()
    {
        var response = await Invoke(Boom(), Memo.Steps(("boom", Memo.Error("Error", "step exploded"))), attempt: 0);

        Assert.Equal(CallOutcome.Error, response.Outcome);
        Assert.True(response.NoRetry);
        Assert.Equal("Error", response.Error!.Name);
        Assert.Equal("step exploded", response.Error.Message);
        Assert.Equal("at step", response.Error.Stack);
    }

    [Fact]
    public async Task Invoke_FunctionThrowsOnFirstAttempt_ReturnsRetriableError()
    {
        var fn = Functions.Create(_ => throw new InvalidOperationException("function broke"));

        var response = await Invoke(fn, attempt: 0, maxAttempts: 5);

        Assert.Equal(CallOutcome.Error, response.Outcome);
        Assert.False(response.NoRetry);
        Assert.Equal("InvalidOperationException", response.Error!.Name);
        Assert.Equal("function broke", response.Error.Message);
    }

    [Fact]
    public async Task Invoke_FunctionThrowsAfterAwaitOnLastAttempt_ReturnsNoRetry()
    {
        var fn = Functions.Create(async ctx =>
        {
            await ctx.Step.Run("a", () => 1);
            throw new InvalidOperationException("function broke");
        });

        var response = await Invoke(fn, Memo.Steps(("a", Memo.Data(1))), attempt: 4, maxAttempts: 5);

        Assert.Equal(CallOutcome.Error, response.Outcome);
        Assert.True(response.NoRetry);
    }

    [Fact]
    public async Task Invoke_FunctionThrowsNonRetriable_ReturnsNoRetryOnFirstAttempt()
    {
        var fn = Functions.Create(_ => throw new NonRetriableException("give up"));

        var response = await Invoke(fn, attempt: 0);

        Assert.True(response.NoRetry);
        Assert.Equal("NonRetriableError", response.Error!.Name);
    }

    [Fact]
    public async Task Invoke_FunctionThrowsRetryAfterDelay_ReturnsRetryAfterSeconds()
    {
        var fn = Functions.Create(_ => throw new RetryAfterException("later", TimeSpan.FromSeconds(90.2)));

        var response = await Invoke(fn);

        Assert.Equal(CallOutcome.Error, response.Outcome);
        Assert.False(response.NoRetry);
        Assert.Equal("91", response.RetryAfter);
    }

    [Fact]
    public async Task Invoke_FunctionThrowsRetryAfterInstant_ReturnsIsoRetryAfter()
    {
        var fn = Functions.Create(_ => throw new RetryAfterException("later", new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero)));

        var response = await Invoke(fn);

        Assert.Equal("2030-01-01T12:00:00.000Z", response.RetryAfter);
    }

    [Fact]
    public async Task Invoke_FunctionThrowsRetryAfterOnLastAttempt_ReturnsNoRetry()
    {
        var fn = Functions.Create(_ => throw new RetryAfterException("later", TimeSpan.FromSeconds(5)));

        var response = await Invoke(fn, attempt: 4, maxAttempts: 5);

        Assert.True(response.NoRetry);
    }
}

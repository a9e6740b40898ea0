using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Steadfast.Protocol.Calls;
using Steadfast.Sdk.Tests.Support;
using static Steadfast.Sdk.Tests.Support.Calls;

namespace Steadfast.Sdk.Tests.Execution;

public class FunctionInvokerContextTests
{
    [Fact]
    public async Task Invoke_AwaitsTaskYieldBetweenSteps_StillReportsNextStep()
    {
        var fn = Functions.Create(async ctx =>
        {
            await Task.Yield();
            var a = await ctx.Step.Run("a", () => 1);
            await Task.Yield();
            return await ctx.Step.Run("b", () => a + 1);
        });

        var response = await Invoke(fn, Memo.Steps(("a", Memo.Data(1))));

        var op = Assert.Single(response.Ops);
        Assert.Equal(Hash("b"), op.Id);
        Assert.Equal(2, op.Data!.Value.GetInt32());
    }

    [Fact]
    public async Task Invoke_AwaitsTaskCompletedOnAnotherThread_Completes()
    {
        var fn = Functions.Create(async ctx =>
        {
            var tcs = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            var thread = new Thread(() => tcs.SetResult(41));
            thread.Start();
            var value = await tcs.Task;
            return await ctx.Step.Run("a", () => value + 1);
        });

        var response = await Invoke(fn);

        Assert.Equal(42, Assert.Single(response.Ops).Data!.Value.GetInt32());
    }

    [Fact]
    public async Task Invoke_HandlerFinishesOffContext_Completes()
    {
        // ConfigureAwait(false)-style code finishes the handler on a pool thread, which posts nothing to the replay
        // context; the invoker must still notice the completion (this hung before the pump was woken on completion).
        var fn = Functions.Create(async ctx =>
        {
            await new ThreadPoolHop();
            return "done";
        });

        var response = await Invoke(fn);

        Assert.Equal(CallOutcome.Completed, response.Outcome);
        Assert.Equal("done", response.Output.GetString());
    }

    [Fact]
    public async Task Invoke_StepFoundOffContext_ReportsStep()
    {
        var fn = Functions.Create(async ctx =>
        {
            await new ThreadPoolHop();
            return await ctx.Step.Run("a", () => 5);
        });

        var response = await Invoke(fn);

        Assert.Equal(5, Assert.Single(response.Ops).Data!.Value.GetInt32());
    }

    [Fact]
    public async Task Invoke_ReplayAcrossCalls_LogsEachLineOnce()
    {
        var logs = new CollectingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var fn = Functions.Create(async ctx =>
        {
            ctx.Logger.LogInformation("start");
            await ctx.Step.Run("a", () => 1);
            ctx.Logger.LogInformation("after a");
            await ctx.Step.Run("b", () => 2);
            ctx.Logger.LogInformation("end");
            return null;
        });

        await Invoke(fn, loggerFactory: factory);
        await Invoke(fn, Memo.Steps(("a", Memo.Data(1))), loggerFactory: factory);
        await Invoke(fn, Memo.Steps(("a", Memo.Data(1)), ("b", Memo.Data(2))), loggerFactory: factory);

        Assert.Equal(["start", "after a", "end"], logs.Lines);
    }

    [Fact]
    public async Task Invoke_InputMemoPresent_DoesNotSilenceLogsAfterReplay()
    {
        var logs = new CollectingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var fn = Functions.Create(async ctx =>
        {
            await ctx.Step.Run("a", () => 1);
            ctx.Logger.LogInformation("after a");
            await ctx.Step.Run("b", () => 2);
            return null;
        });

        await Invoke(fn, Memo.Steps(("a", Memo.Data(1)), ("b", Memo.Raw("""{"input":[]}"""))), loggerFactory: factory);

        Assert.Equal(["after a"], logs.Lines);
    }

    [Fact]
    public async Task Invoke_ContextTime_IsHostClock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 5, 6, 7, 8, 9, TimeSpan.Zero));
        var fn = Functions.Create(ctx => Task.FromResult<object?>(ctx.Time.GetUtcNow()));

        var response = await Invoke(fn, time: clock);

        Assert.Equal(clock.GetUtcNow(), response.Output.GetDateTimeOffset());
    }

    [Fact]
    public async Task Invoke_StepTiming_UsesHostClockInNanoseconds()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var fn = Functions.Create(async ctx => await ctx.Step.Run("a", () => 1));

        var op = Assert.Single((await Invoke(fn, time: clock)).Ops);

        Assert.Equal(clock.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000, op.Timing!.Start);
    }

    [Fact]
    public async Task Invoke_ContextExposesRunIdAttemptAndEvents()
    {
        var fn = Functions.Create(ctx => Task.FromResult<object?>($"{ctx.RunId}/{ctx.Attempt}/{ctx.Events.Count}/{ctx.Event.Id}"));

        var response = await Invoke(fn, attempt: 2);

        Assert.Equal("01JRUN00000000000000000000/2/1/01JEVT0000000000000000000A", response.Output.GetString());
    }

    [Fact]
    public async Task CallAsync_ClassFunctionWithScopedDependency_NewScopePerCall()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddScoped<Counter>();
        services.AddSteadfast(o => o.AppId = "app").AddFunction<CountingFunction, Order>();
        await using var provider = services.BuildServiceProvider();
        var handler = provider.GetRequiredService<SteadfastCallHandler>();

        var first = await handler.CallAsync("app-counting", "step", Request(new { sku = "x" }));
        var second = await handler.CallAsync("app-counting", "step", Request(new { sku = "x" }));

        Assert.Equal(CallOutcome.Completed, first.Outcome);
        var a = first.Output.GetProperty("counter").GetGuid();
        var b = second.Output.GetProperty("counter").GetGuid();
        Assert.NotEqual(a, b);
        Assert.Equal("x", first.Output.GetProperty("sku").GetString());
        Assert.True(first.Output.GetProperty("same").GetBoolean());
    }

    [Fact]
    public async Task CallAsync_UnknownFunction_ReturnsRetriableError()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSteadfast();
        await using var provider = services.BuildServiceProvider();

        var response = await provider.GetRequiredService<SteadfastCallHandler>().CallAsync("app-missing", "step", Request(new { }));

        Assert.Equal(CallOutcome.Error, response.Outcome);
        Assert.Contains("app-missing", response.Error!.Message, StringComparison.Ordinal);
    }

    private static CallRequest Request(object data)
    {
        var evt = JsonSerializer.SerializeToElement(new { name = "shop/order", data, id = "e1", ts = 1, user = new { } });
        return new CallRequest { Event = evt, Events = [evt], Ctx = new CallContext { RunId = "r1" } };
    }

    public sealed record Order(string Sku);

    public sealed class Counter
    {
        public Guid Id { get; } = Guid.NewGuid();
    }

    [SteadfastFunction("counting", "shop/order")]
    public sealed class CountingFunction(Counter counter) : SteadfastFunction<Order>
    {
        public override Task<object?> RunAsync(FunctionContext<Order> context)
        {
            var fromScope = context.Services.GetRequiredService<Counter>();
            return Task.FromResult<object?>(new { counter = counter.Id, sku = context.Event.Data.Sku, same = ReferenceEquals(fromScope, counter) });
        }
    }
}

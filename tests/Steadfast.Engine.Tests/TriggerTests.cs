using System.Text.Json;
using Steadfast.Engine.Storage;
using Steadfast.Sdk;

namespace Steadfast.Engine.Tests;

public sealed class TriggerTests
{
    [Fact]
    public async Task ExpressionTrigger_OnlyMatchingEventsStartRuns()
    {
        await using var engine = await TestEngine.StartAsync(b => b.AddFunction<JsonElement>(
            new FunctionOptions { Id = "pro-only", Trigger = FunctionTrigger.OnEvent("billing/paid", "event.data.plan == 'pro' && event.data.amount > 100") },
            ctx => Task.FromResult<object?>(ctx.Event.Data.GetProperty("amount").GetInt32())));

        var match = await engine.SendAsync("billing/paid", new { plan = "pro", amount = 150 });
        var cheap = await engine.SendAsync("billing/paid", new { plan = "pro", amount = 50 });
        var free = await engine.SendAsync("billing/paid", new { plan = "free", amount = 500 });
        var missing = await engine.SendAsync("billing/paid", new { });

        var run = await engine.WaitForEndAsync((await engine.SingleRunAsync(match, "pro-only")).RunId);
        Assert.Equal("150", run.Output);
        foreach (var id in new[] { cheap, free, missing })
        {
            Assert.Empty(await engine.Store.ListRunsAsync(new RunQuery { EventId = id }));
        }
    }

    [Fact]
    public async Task InvalidTriggerExpression_EngineRefusesToStart()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => TestEngine.StartAsync(b => b.AddFunction<JsonElement>(
            new FunctionOptions { Id = "broken", Trigger = FunctionTrigger.OnEvent("a", "event.data.x == (1") },
            ctx => Task.FromResult<object?>(null))));

        Assert.Contains("broken", ex.Message);
        Assert.Contains("1:", ex.Message);
    }

    [Fact]
    public async Task WildcardTrigger_MatchesPrefixOnly()
    {
        await using var engine = await TestEngine.StartAsync(b => b.AddFunction<JsonElement>(
            new FunctionOptions { Id = "all-clerk", Trigger = "clerk/*" },
            ctx => Task.FromResult<object?>(ctx.Event.Name)));

        var created = await engine.SendAsync("clerk/user.created");
        var deleted = await engine.SendAsync("clerk/user.deleted");
        var other = await engine.SendAsync("stripe/clerk/user.created");

        Assert.Equal("\"clerk/user.created\"", (await engine.WaitForEndAsync((await engine.SingleRunAsync(created, "all-clerk")).RunId)).Output);
        Assert.Equal("\"clerk/user.deleted\"", (await engine.WaitForEndAsync((await engine.SingleRunAsync(deleted, "all-clerk")).RunId)).Output);
        Assert.Empty(await engine.Store.ListRunsAsync(new RunQuery { EventId = other }));
    }
}

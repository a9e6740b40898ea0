using Steadfast.Sdk;

namespace Steadfast.Sdk.AspNetCore.Tests.Support;

public sealed record HelloData(string Name);

/// <summary>The functions every serve test app has (app id <c>test-app</c>).</summary>
internal static class TestFunctions
{
    public const string AppId = "test-app";
    public const int Count = 7;

    public static void AddAll(SteadfastBuilder sf)
    {
        sf.AddFunction<HelloData>(
            new FunctionOptions { Id = "hello", Name = "Hello", Trigger = FunctionTrigger.OnEvent("test/hello", "event.data.name != ''"), Retries = 2 },
            ctx => Task.FromResult<object?>(new { message = "Hello " + ctx.Event.Data!.Name }));

        var steps = new FunctionOptions { Id = "steps", Triggers = { "test/steps" } };
        steps.Triggers.Add(FunctionTrigger.OnCron("TZ=Europe/Paris 0 12 * * 5"));
        sf.AddFunction<object>(steps, async ctx =>
        {
            var a = await ctx.Step.Run("a", () => 1);
            await ctx.Step.Sleep("nap", TimeSpan.FromSeconds(2));
            var b = await ctx.Step.Run("b", () => a + 1);
            return new { a, b };
        });

        sf.AddFunction<object>(new FunctionOptions { Id = "fatal", Trigger = "test/fatal" }, ctx => throw new NonRetriableException("no way"));
        sf.AddFunction<object>(new FunctionOptions { Id = "flaky", Trigger = "test/flaky" }, ctx => throw new InvalidOperationException("try again"));
        sf.AddFunction<object>(new FunctionOptions { Id = "later", Trigger = "test/later" }, ctx => throw new RetryAfterException("busy", TimeSpan.FromSeconds(30)));
        sf.AddFunction<object>(new FunctionOptions { Id = "step-boom", Trigger = "test/step-boom", Retries = 0 }, async ctx =>
        {
            await ctx.Step.Run("boom", Boom);
            return null;
        });
        sf.AddFunction<object>(new FunctionOptions { Id = "sender", Trigger = "test/sender" }, async ctx =>
        {
            var ids = await ctx.Step.SendEvent("send", "test/sent", new { n = 1 });
            return new { ids };
        });
    }

    private static int Boom() => throw new InvalidOperationException("step exploded");
}

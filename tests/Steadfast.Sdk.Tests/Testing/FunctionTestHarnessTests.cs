using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Steadfast.Protocol.Calls;
using Steadfast.Protocol.Events;
using Steadfast.Sdk.Testing;
using Steadfast.Sdk.Tests.Support;

namespace Steadfast.Sdk.Tests.Testing;

public class FunctionTestHarnessTests
{
    private static readonly EventPayload Trigger = FunctionTestHarness.Event("clerk/user.created", new { id = "user_1", email = "ada@example.com" });

    [Fact]
    public async Task RunAsync_ThreeSteps_CompletesWithEachStepsOutput()
    {
        var bodies = 0;
        var fn = Functions.Create<UserCreated>(async ctx =>
        {
            var user = await ctx.Step.Run("load", () => { bodies++; return ctx.Event.Data.Email.ToUpperInvariant(); });
            var saved = await ctx.Step.Run("save", () => { bodies++; return user.Length; });
            var mailed = await ctx.Step.Run("mail", () => { bodies++; return $"sent to {user}"; });
            return new { user, saved, mailed };
        });

        var result = await new FunctionTestHarness().RunAsync(fn, Trigger);

        Assert.Equal(FunctionTestStatus.Completed, result.Status);
        Assert.Equal("ADA@EXAMPLE.COM", result.Step("load").OutputAs<string>());
        Assert.Equal(15, result.Step("save").OutputAs<int>());
        Assert.Equal("sent to ADA@EXAMPLE.COM", result.Output.GetProperty("mailed").GetString());
        Assert.Equal(["load", "save", "mail"], result.Steps.Select(s => s.Id));
        Assert.All(result.Steps, s => Assert.Single(s.Attempts));
        Assert.Equal(3, bodies);
        Assert.Equal(4, result.CallCount);
        Assert.Null(result.Error);
    }

    [Fact]
    public async Task RunAsync_ThreeDaySleep_CompletesInstantlyWithClockAdvanced()
    {
        var harness = new FunctionTestHarness();
        var start = harness.Time.GetUtcNow();
        var fn = Functions.Create(async ctx =>
        {
            await ctx.Step.Sleep("wait-a-bit", "3 days");
            return await ctx.Step.Run("after", () => ctx.Time.GetUtcNow());
        });

        var result = await harness.RunAsync(fn, Trigger);

        Assert.Equal(FunctionTestStatus.Completed, result.Status);
        Assert.Equal(start.AddDays(3), result.OutputAs<DateTimeOffset>());
        Assert.Equal(start.AddDays(3), harness.Time.GetUtcNow());
        var sleep = Assert.Single(result.Sleeps);
        Assert.Equal("wait-a-bit", sleep.StepId);
        Assert.Equal("3d", sleep.Duration);
        Assert.Equal(start, sleep.ScheduledAt);
        Assert.Equal(start.AddDays(3), sleep.DueAt);
        Assert.Equal(StepKind.Sleep, result.Step("wait-a-bit").Kind);
        Assert.Equal(TimeSpan.FromDays(3), result.FinishedAt - result.StartedAt);
    }

    [Fact]
    public async Task RunAsync_SleepUntil_WakesAtThatInstant()
    {
        var harness = new FunctionTestHarness();
        var until = harness.Time.GetUtcNow().AddHours(5);
        var fn = Functions.Create(async ctx =>
        {
            await ctx.Step.SleepUntil("until", until);
            return ctx.Time.GetUtcNow();
        });

        var result = await harness.RunAsync(fn, Trigger);

        Assert.Equal(until, result.OutputAs<DateTimeOffset>());
        Assert.Equal(until, Assert.Single(result.Sleeps).DueAt);
    }

    [Fact]
    public async Task RunAsync_StepFailsTwiceThenSucceeds_RecordsThreeAttemptsWithBackoff()
    {
        var harness = new FunctionTestHarness();
        var start = harness.Time.GetUtcNow();
        var tries = 0;
        var fn = Functions.Create(async ctx => await ctx.Step.Run("send-email", () =>
        {
            if (++tries < 3)
            {
                throw new InvalidOperationException($"smtp down {tries}");
            }

            return "sent";
        }));

        var result = await harness.RunAsync(fn, Trigger);

        Assert.Equal(FunctionTestStatus.Completed, result.Status);
        Assert.Equal("sent", result.OutputAs<string>());
        var attempts = result.Step("send-email").Attempts;
        Assert.Equal(3, attempts.Count);
        Assert.Equal([0, 1, 2], attempts.Select(a => a.Attempt));
        Assert.Equal([StepAttemptOutcome.Errored, StepAttemptOutcome.Errored, StepAttemptOutcome.Succeeded], attempts.Select(a => a.Outcome));
        Assert.Equal("smtp down 2", attempts[1].Error!.Message);
        Assert.Equal([start, start.AddSeconds(15), start.AddSeconds(45)], attempts.Select(a => a.StartedAt));
    }

    [Fact]
    public async Task RunAsync_StepExhaustsRetriesThenCaught_RecoversAfterAllAttempts()
    {
        var fn = Functions.Create(
            async ctx =>
            {
                try
                {
                    await ctx.Step.Run("charge", () => Throw<int>(new InvalidOperationException("card declined")));
                    return "charged";
                }
                catch (StepFailedException ex)
                {
                    return await ctx.Step.Run("notify-failure", () => $"notified: {ex.Error.Message}");
                }
            },
            retries: 2);

        var result = await new FunctionTestHarness().RunAsync(fn, Trigger);

        Assert.Equal(FunctionTestStatus.Completed, result.Status);
        Assert.Equal("notified: card declined", result.OutputAs<string>());
        var charge = result.Step("charge");
        Assert.Equal(3, charge.Attempts.Count);
        Assert.Equal(StepAttemptOutcome.Failed, charge.Attempts[^1].Outcome);
        Assert.Equal("card declined", charge.Error!.Message);
        Assert.Throws<InvalidOperationException>(() => charge.OutputAs<string>());
    }

    [Fact]
    public async Task RunAsync_StepExhaustsRetriesUncaught_FailsWithStepError()
    {
        var fn = Functions.Create(async ctx => await ctx.Step.Run("charge", () => Throw<int>(new InvalidOperationException("card declined"))), retries: 1);

        var result = await new FunctionTestHarness().RunAsync(fn, Trigger);

        Assert.Equal(FunctionTestStatus.Failed, result.Status);
        Assert.Equal("card declined", result.Error!.Message);
        Assert.Equal(2, result.Step("charge").Attempts.Count);
        Assert.Throws<InvalidOperationException>(() => result.OutputAs<int>());
    }

    [Fact]
    public async Task RunAsync_NonRetriableInStep_FailsStepOnFirstAttempt()
    {
        var fn = Functions.Create(async ctx => await ctx.Step.Run("validate", () => Throw<int>(new NonRetriableException("bad email"))));

        var result = await new FunctionTestHarness().RunAsync(fn, Trigger);

        Assert.Equal(FunctionTestStatus.Failed, result.Status);
        var attempt = Assert.Single(result.Step("validate").Attempts);
        Assert.Equal(StepAttemptOutcome.Failed, attempt.Outcome);
        Assert.Equal("NonRetriableError", result.Error!.Name);
    }

    [Fact]
    public async Task RunAsync_SendEvent_RecordedOnceAcrossReplays()
    {
        var harness = new FunctionTestHarness();
        var fn = Functions.Create<UserCreated>(async ctx =>
        {
            var ids = await ctx.Step.SendEvent("welcome", "app/welcome.requested", new { userId = ctx.Event.Data.Id });
            await ctx.Step.Run("a", () => 1);
            await ctx.Step.Run("b", () => 2);
            return ids[0];
        });

        var result = await harness.RunAsync(fn, Trigger);

        var sent = Assert.Single(harness.SentEvents);
        Assert.Same(sent, Assert.Single(result.SentEvents));
        Assert.Equal("app/welcome.requested", sent.Name);
        Assert.Equal("user_1", sent.Data.GetProperty("userId").GetString());
        Assert.Equal(sent.Id, result.OutputAs<string>());
        Assert.Equal(StepKind.SendEvent, result.Step("welcome").Kind);
        Assert.True(result.CallCount >= 4);
    }

    [Fact]
    public async Task RunAsync_ParallelSteps_PlansThenRunsEachOnceAndCompletes()
    {
        var ran = new List<string>();
        var fn = Functions.Create(async ctx =>
        {
            var a = await ctx.Step.Run("a", () => { ran.Add("a"); return 1; });
            var bc = await Task.WhenAll(ctx.Step.Run("b", () => { ran.Add("b"); return 2; }), ctx.Step.Run("c", () => { ran.Add("c"); return 3; }));
            var d = await ctx.Step.Run("d", () => { ran.Add("d"); return 4; });
            return a + bc.Sum() + d;
        });

        var result = await new FunctionTestHarness().RunAsync(fn, Trigger);

        Assert.Equal(10, result.OutputAs<int>());
        Assert.Equal(["a", "b", "c", "d"], ran);
        var planned = result.Calls[1].Response.Ops;
        Assert.Equal(["StepPlanned", "StepPlanned"], planned.Select(o => o.Op));
        Assert.Equal([Calls.Hash("b"), Calls.Hash("c")], result.Calls.Skip(2).Take(2).Select(c => c.StepId));

        // One discovery after both planned steps finished, back to immediate execution (reference §4.5, V2).
        var afterParallel = result.Calls[4];
        Assert.Equal("step", afterParallel.StepId);
        Assert.False(afterParallel.DisableImmediateExecution);
        Assert.Equal("StepRun", Assert.Single(afterParallel.Response.Ops).Op);
    }

    [Fact]
    public async Task RunAsync_SleepAndStepInParallel_SchedulesSleepOnceAndCompletes()
    {
        var harness = new FunctionTestHarness();
        var start = harness.Time.GetUtcNow();
        var runs = 0;
        var fn = Functions.Create(async ctx =>
        {
            var work = ctx.Step.Run("work", () => ++runs);
            await Task.WhenAll(ctx.Step.Sleep("nap", "1h"), work);
            return await work;
        });

        var result = await harness.RunAsync(fn, Trigger);

        Assert.Equal(1, result.OutputAs<int>());
        Assert.Equal(1, runs);
        Assert.Equal(start.AddHours(1), Assert.Single(result.Sleeps).DueAt);
        Assert.Equal(start.AddHours(1), result.FinishedAt);
    }

    [Fact]
    public async Task RunAsync_ParallelStepFailsForGood_SiblingStillRunsAndRunFails()
    {
        var fn = Functions.Create(
            async ctx =>
            {
                var results = await Task.WhenAll(
                    ctx.Step.Run("ok", () => 1),
                    ctx.Step.Run("bad", () => Throw<int>(new InvalidOperationException("nope"))));
                return results.Sum();
            },
            retries: 1);

        var result = await new FunctionTestHarness().RunAsync(fn, Trigger);

        Assert.Equal(FunctionTestStatus.Failed, result.Status);
        Assert.Equal("nope", result.Error!.Message);
        Assert.Equal(1, result.Step("ok").OutputAs<int>());
        Assert.Equal(2, result.Step("bad").Attempts.Count);
    }

    [Fact]
    public async Task RunAsync_FunctionThrowsTwice_RetriesCallAndCompletes()
    {
        var harness = new FunctionTestHarness();
        var start = harness.Time.GetUtcNow();
        var calls = 0;
        var fn = Functions.Create(ctx => ++calls < 3 ? throw new InvalidOperationException("db busy") : Task.FromResult<object?>(ctx.Attempt));

        var result = await harness.RunAsync(fn, Trigger);

        Assert.Equal(FunctionTestStatus.Completed, result.Status);
        Assert.Equal(2, result.OutputAs<int>());
        Assert.Equal(2, result.FunctionErrors.Count);
        Assert.Equal(start.AddSeconds(45), result.FinishedAt);
    }

    [Fact]
    public async Task RunAsync_FunctionAlwaysThrows_FailsAfterMaxAttempts()
    {
        var fn = Functions.Create(_ => throw new InvalidOperationException("broken"), retries: 3);

        var result = await new FunctionTestHarness().RunAsync(fn, Trigger);

        Assert.Equal(FunctionTestStatus.Failed, result.Status);
        Assert.Equal(4, result.CallCount);
        Assert.Equal("broken", result.Error!.Message);
    }

    [Fact]
    public async Task RunAsync_FunctionThrowsNonRetriable_FailsAfterOneCall()
    {
        var fn = Functions.Create(_ => throw new NonRetriableException("no"));

        var result = await new FunctionTestHarness().RunAsync(fn, Trigger);

        Assert.Equal(FunctionTestStatus.Failed, result.Status);
        Assert.Equal(1, result.CallCount);
    }

    [Fact]
    public async Task RunAsync_StepThrowsRetryAfter_RetriesAfterRequestedDelay()
    {
        var harness = new FunctionTestHarness();
        var start = harness.Time.GetUtcNow();
        var tries = 0;
        var fn = Functions.Create(async ctx => await ctx.Step.Run("call-api", () =>
            ++tries == 1 ? throw new RetryAfterException("429", TimeSpan.FromMinutes(5)) : "ok"));

        var result = await harness.RunAsync(fn, Trigger);

        var attempts = result.Step("call-api").Attempts;
        Assert.Equal("300", attempts[0].RetryAfter);
        Assert.Equal(start.AddMinutes(5), attempts[1].StartedAt);
    }

    [Fact]
    public async Task RunAsync_CustomRetryDelay_UsesIt()
    {
        var harness = new FunctionTestHarness { RetryDelay = _ => TimeSpan.FromSeconds(1) };
        var start = harness.Time.GetUtcNow();
        var tries = 0;
        var fn = Functions.Create(async ctx => await ctx.Step.Run("x", () => ++tries < 3 ? throw new InvalidOperationException() : tries));

        var result = await harness.RunAsync(fn, Trigger);

        Assert.Equal(start.AddSeconds(2), result.FinishedAt);
    }

    [Fact]
    public async Task RunAsync_WaitForEventSupplied_ResolvesWithEvent()
    {
        var harness = new FunctionTestHarness()
            .OnWaitForEvent("wait-verified", FunctionTestHarness.Event("clerk/user.verified", new { id = "user_1" }), TimeSpan.FromMinutes(10));
        var start = harness.Time.GetUtcNow();
        var fn = Functions.Create(async ctx =>
        {
            var evt = await ctx.Step.WaitForEvent("wait-verified", "clerk/user.verified", TimeSpan.FromDays(1), "async.data.id == event.data.id");
            return evt?.RawData.GetProperty("id").GetString();
        });

        var result = await harness.RunAsync(fn, Trigger);

        Assert.Equal("user_1", result.OutputAs<string>());
        var wait = Assert.Single(result.WaitsForEvent);
        Assert.False(wait.TimedOut);
        Assert.Equal("1d", wait.Timeout);
        Assert.Equal("async.data.id == event.data.id", wait.If);
        Assert.Equal(start.AddMinutes(10), wait.ResolvedAt);
        Assert.Equal("clerk/user.verified", wait.Event!.Name);
    }

    [Fact]
    public async Task RunAsync_WaitForEventNotSupplied_TimesOutAfterTimeout()
    {
        var harness = new FunctionTestHarness();
        var start = harness.Time.GetUtcNow();
        var fn = Functions.Create(async ctx =>
        {
            var evt = await ctx.Step.WaitForEvent("wait", "app/never", TimeSpan.FromHours(2));
            return evt is null ? "timed out" : "got it";
        });

        var result = await harness.RunAsync(fn, Trigger);

        Assert.Equal("timed out", result.OutputAs<string>());
        Assert.True(Assert.Single(result.WaitsForEvent).TimedOut);
        Assert.Equal(start.AddHours(2), harness.Time.GetUtcNow());
    }

    [Fact]
    public async Task RunAsync_WaitForEventArrivingAfterTimeout_TimesOut()
    {
        var harness = new FunctionTestHarness().OnWaitForEvent("wait", new EventPayload(), TimeSpan.FromHours(3));
        var fn = Functions.Create(async ctx => (await ctx.Step.WaitForEvent("wait", "app/late", TimeSpan.FromHours(2)))?.Name ?? "timed out");

        var result = await harness.RunAsync(fn, Trigger);

        Assert.Equal("timed out", result.OutputAs<string>());
    }

    [Fact]
    public async Task RunAsync_WaitForEventWithWrongEventName_Throws()
    {
        var harness = new FunctionTestHarness().OnWaitForEvent("wait", FunctionTestHarness.Event("app/other"));
        var fn = Functions.Create(async ctx => (await ctx.Step.WaitForEvent("wait", "app/expected", TimeSpan.FromHours(2)))?.Name);

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => harness.RunAsync(fn, Trigger));

        Assert.Contains("app/expected", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_LoopWithRepeatedId_RecordsSuffixedStepIds()
    {
        var fn = Functions.Create(async ctx =>
        {
            var sum = 0;
            for (var i = 1; i <= 3; i++)
            {
                sum += await ctx.Step.Run("item", () => i * 10);
            }

            return sum;
        });

        var result = await new FunctionTestHarness().RunAsync(fn, Trigger);

        Assert.Equal(60, result.OutputAs<int>());
        Assert.Equal(["item", "item:1", "item:2"], result.Steps.Select(s => s.Id));
        Assert.Equal(20, result.Step("item:1").OutputAs<int>());
        Assert.Equal(Calls.Hash("item:2"), result.Step("item:2").HashedId);
    }

    [Fact]
    public async Task Step_UnknownId_ThrowsListingKnownSteps()
    {
        var fn = Functions.Create(async ctx => await ctx.Step.Run("only", () => 1));

        var result = await new FunctionTestHarness().RunAsync(fn, Trigger);

        var ex = Assert.Throws<KeyNotFoundException>(() => result.Step("missing"));
        Assert.Contains("only", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_EndlessFunction_ThrowsAfterMaxCalls()
    {
        var fn = Functions.Create(async ctx =>
        {
            while (true)
            {
                await ctx.Step.Run("spin", () => 1);
            }
        });

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => new FunctionTestHarness { MaxCalls = 20 }.RunAsync(fn, Trigger));

        Assert.Contains("20 calls", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ClassFunctionFromServices_ResolvesScopePerCall()
    {
        var services = new ServiceCollection();
        services.AddScoped<Greeter>();
        await using var provider = services.BuildServiceProvider();
        var harness = new FunctionTestHarness();

        var result = await harness.RunAsync<WelcomeFunction, UserCreated>(provider, Trigger);

        Assert.Equal(FunctionTestStatus.Completed, result.Status);
        var greeterInStep = result.Step("greet").Output!.Value.GetProperty("greeter").GetGuid();
        var greeterAtEnd = result.Output.GetProperty("greeter").GetGuid();
        Assert.NotEqual(greeterInStep, greeterAtEnd);
        Assert.Equal("Hello ada@example.com", result.Output.GetProperty("text").GetString());
    }

    [Fact]
    public async Task RunAsync_FakeTimeProviderWithAdvance_MovesThatClock()
    {
        var fake = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var harness = new FunctionTestHarness(fake, fake.Advance);
        var fn = Functions.Create(async ctx =>
        {
            await ctx.Step.Sleep("nap", TimeSpan.FromHours(6));
            return ctx.Time.GetUtcNow();
        });

        var result = await harness.RunAsync(fn, Trigger);

        Assert.Equal(new DateTimeOffset(2030, 1, 1, 6, 0, 0, TimeSpan.Zero), result.OutputAs<DateTimeOffset>());
        Assert.Null(harness.Clock);
    }

    [Fact]
    public async Task RunAsync_TriggerEvent_DeliveredWithIdAndTimestamp()
    {
        var harness = new FunctionTestHarness();
        var fn = Functions.Create(ctx => Task.FromResult<object?>(new { ctx.Event.Id, ctx.Event.Timestamp, ctx.Event.Name }));

        var result = await harness.RunAsync(fn, Trigger);

        Assert.Equal(26, result.Output.GetProperty("id").GetString()!.Length);
        Assert.Equal(harness.Time.GetUtcNow(), result.Output.GetProperty("timestamp").GetDateTimeOffset());
        Assert.Equal("clerk/user.created", result.Output.GetProperty("name").GetString());
    }

    [Fact]
    public async Task RunAsync_ReplayAwareLogger_LogsEachLineOnceAcrossTheRun()
    {
        var logs = new CollectingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var fn = Functions.Create(async ctx =>
        {
            ctx.Logger.LogInformation("start");
            await ctx.Step.Run("a", () => 1);
            ctx.Logger.LogInformation("between");
            await ctx.Step.Sleep("nap", "1h");
            await ctx.Step.Run("b", () => 2);
            ctx.Logger.LogInformation("end");
            return null;
        });

        var result = await new FunctionTestHarness { LoggerFactory = factory }.RunAsync(fn, Trigger);

        Assert.Equal(FunctionTestStatus.Completed, result.Status);
        Assert.Equal(["start", "between", "end"], logs.Lines);
    }

    [Fact]
    public async Task RunAsync_BatchOfEvents_ExposesAllEvents()
    {
        var fn = Functions.Create(ctx => Task.FromResult<object?>(ctx.Events.Select(e => e.Name).ToArray()));

        var result = await new FunctionTestHarness().RunAsync(fn, [FunctionTestHarness.Event("a/1"), FunctionTestHarness.Event("a/2")]);

        Assert.Equal(["a/1", "a/2"], result.OutputAs<string[]>()!);
    }

    // A throwing lambda converts to both Func<T> and Func<Task<T>>; a typed helper picks the overload.
    private static T Throw<T>(Exception error) => throw error;

    public sealed record UserCreated(string Id, string Email);

    public sealed class Greeter
    {
        public Guid Id { get; } = Guid.NewGuid();

        public string Greet(string who) => "Hello " + who;
    }

    [SteadfastFunction("welcome", "clerk/user.created")]
    public sealed class WelcomeFunction(Greeter greeter) : SteadfastFunction<UserCreated>
    {
        public override async Task<object?> RunAsync(FunctionContext<UserCreated> context)
        {
            var greeted = await context.Step.Run("greet", () => new { greeter = greeter.Id, text = greeter.Greet(context.Event.Data.Email) });
            return new { greeter = greeter.Id, greeted.text };
        }
    }
}

using System.Text.Json;
using Steadfast.Protocol.Calls;
using Steadfast.Sdk.Tests.Support;
using static Steadfast.Sdk.Tests.Support.Calls;

namespace Steadfast.Sdk.Tests.Execution;

/// <summary>The observed JS v4 sequence of reference §4.5: <c>a</c>, then <c>Promise.all([b, c])</c>, then <c>loop</c> ×2.</summary>
public class FunctionInvokerSequenceTests
{
    private readonly List<string> _ran = [];

    private RegisteredFunction Sequence() => Functions.Create(async ctx =>
    {
        var a = await ctx.Step.Run("a", () => Ran("a", 1));
        var bc = await Task.WhenAll(ctx.Step.Run("b", () => Ran("b", 2)), ctx.Step.Run("c", () => Ran("c", 3)));
        var total = a + bc[0] + bc[1];
        for (var i = 0; i < 2; i++)
        {
            total += await ctx.Step.Run("loop", () => Ran("loop", 10));
        }

        return new { total };
    });

    private int Ran(string id, int value)
    {
        _ran.Add(id);
        return value;
    }

    [Fact]
    public async Task Invoke_FirstCallNoMemo_RunsAImmediatelyAndReturnsStepRun()
    {
        var response = await Invoke(Sequence());

        Assert.Equal(CallOutcome.Ops, response.Outcome);
        var op = Assert.Single(response.Ops);
        Assert.Equal("StepRun", op.Op);
        Assert.Equal("86f7e437faa5a7fce15d1ddcb9eaeaea377667b8", op.Id);
        Assert.Equal("a", op.Name);
        Assert.Equal("a", op.DisplayName);
        Assert.Equal("a", op.Userland!.Id);
        Assert.Equal(0, op.Userland.Index);
        Assert.Equal(1, op.Data!.Value.GetInt32());
        Assert.NotNull(op.Timing);
        Assert.False(response.NoRetry);
        Assert.Equal(["a"], _ran);
    }

    [Fact]
    public async Task Invoke_AMemoized_PlansBAndCWithoutRunningThem()
    {
        var response = await Invoke(Sequence(), Memo.Steps(("a", Memo.Data(1))));

        Assert.Equal(2, response.Ops.Count);
        Assert.All(response.Ops, o => Assert.Equal("StepPlanned", o.Op));
        Assert.Equal(["e9d71f5ee7c92d6dc9e92ffdad17b8bd49418f98", "84a516841ba77a5b4648de2cd0dfcb30ea46dbb4"], response.Ops.Select(o => o.Id));
        Assert.Equal(["b", "c"], response.Ops.Select(o => o.DisplayName));
        Assert.Equal(["b", "c"], response.Ops.Select(o => o.Name));
        Assert.Equal(["b", "c"], response.Ops.Select(o => o.Userland!.Id));
        Assert.All(response.Ops, o => Assert.Null(o.Data));
        Assert.Empty(_ran);
    }

    [Fact]
    public async Task Invoke_StepIdOfC_RunsOnlyC()
    {
        var response = await Invoke(Sequence(), Memo.Steps(("a", Memo.Data(1))), stepId: Hash("c"));

        var op = Assert.Single(response.Ops);
        Assert.Equal("StepRun", op.Op);
        Assert.Equal(Hash("c"), op.Id);
        Assert.Equal(3, op.Data!.Value.GetInt32());
        Assert.Equal(["c"], _ran);
    }

    [Fact]
    public async Task Invoke_BPendingWithForcedPlan_RePlansOnlyB()
    {
        var response = await Invoke(Sequence(), Memo.Steps(("a", Memo.Data(1)), ("c", Memo.Data(3))), disableImmediateExecution: true);

        var op = Assert.Single(response.Ops);
        Assert.Equal("StepPlanned", op.Op);
        Assert.Equal(Hash("b"), op.Id);
        Assert.Empty(_ran);
    }

    [Fact]
    public async Task Invoke_DisableImmediateExecution_PlansSingleStep()
    {
        var steps = Memo.Steps(("a", Memo.Data(1)), ("c", Memo.Data(3)), ("b", Memo.Data(2)));
        var response = await Invoke(Sequence(), steps, disableImmediateExecution: true);

        var op = Assert.Single(response.Ops);
        Assert.Equal("StepPlanned", op.Op);
        Assert.Equal(Hash("loop"), op.Id);
        Assert.Empty(_ran);
    }

    [Fact]
    public async Task Invoke_ImmediateExecutionAllowed_RunsLoop()
    {
        var steps = Memo.Steps(("a", Memo.Data(1)), ("c", Memo.Data(3)), ("b", Memo.Data(2)));
        var response = await Invoke(Sequence(), steps);

        var op = Assert.Single(response.Ops);
        Assert.Equal("StepRun", op.Op);
        Assert.Equal(Hash("loop"), op.Id);
        Assert.Equal(["loop"], _ran);
    }

    [Fact]
    public async Task Invoke_SecondLoop_HashesLoop1WithIndex()
    {
        var steps = Memo.Steps(("a", Memo.Data(1)), ("c", Memo.Data(3)), ("b", Memo.Data(2)), ("loop", Memo.Data(10)));
        var response = await Invoke(Sequence(), steps);

        var op = Assert.Single(response.Ops);
        Assert.Equal(Hash("loop:1"), op.Id);
        Assert.Equal("loop", op.Userland!.Id);
        Assert.Equal(1, op.Userland.Index);
        Assert.Equal("loop", op.DisplayName);
    }

    [Fact]
    public async Task Invoke_AllMemoized_CompletesWithJsonOutput()
    {
        var steps = Memo.Steps(("a", Memo.Data(1)), ("c", Memo.Data(3)), ("b", Memo.Data(2)), ("loop", Memo.Data(10)), ("loop:1", Memo.Data(10)));
        var response = await Invoke(Sequence(), steps);

        Assert.Equal(CallOutcome.Completed, response.Outcome);
        Assert.Equal(26, response.Output.GetProperty("total").GetInt32());
        Assert.Empty(_ran);
    }

    [Fact]
    public async Task Invoke_StepIdNotFound_ReturnsRetriableError()
    {
        var response = await Invoke(Sequence(), Memo.Steps(("a", Memo.Data(1))), stepId: Hash("nope"));

        Assert.Equal(CallOutcome.Error, response.Outcome);
        Assert.False(response.NoRetry);
        Assert.Contains("Could not find step", response.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("b, c", response.Error.Message, StringComparison.Ordinal);
        Assert.Empty(_ran);
    }

    [Fact]
    public async Task Invoke_ReturnsRecord_CompletesWithCamelCaseJson()
    {
        var fn = Functions.Create(ctx => Task.FromResult<object?>(new Greeting("Ada", 3)));

        var response = await Invoke(fn);

        Assert.Equal(CallOutcome.Completed, response.Outcome);
        Assert.Equal("""{"name":"Ada","count":3}""", response.Output.GetRawText());
    }

    [Fact]
    public async Task Invoke_ReturnsNothing_CompletesWithJsonNull()
    {
        var fn = RegisteredFunction.Create<JsonElement>(new FunctionOptions { Id = "void", Trigger = "test/event" }, ctx => Task.CompletedTask);

        var response = await Invoke(fn);

        Assert.Equal(CallOutcome.Completed, response.Outcome);
        Assert.Equal(JsonValueKind.Null, response.Output.ValueKind);
    }

    [Fact]
    public async Task Invoke_TypedEventData_DeserializesRecord()
    {
        var fn = Functions.Create<Greeting>(ctx => Task.FromResult<object?>($"{ctx.Event.Data.Name}x{ctx.Event.Data.Count}/{ctx.Event.Name}"));

        var response = await Invoke(fn, data: new { name = "Grace", count = 2 });

        Assert.Equal("Gracex2/test/event", response.Output.GetString());
    }

    [Fact]
    public async Task Invoke_SendEventStep_ReportsStepRunWithIdsAndSendEventOpts()
    {
        var sender = new FixedIdSender();
        var fn = Functions.Create(async ctx => await ctx.Step.SendEvent("notify", "app/notified", new { userId = "u1" }));

        var response = await Invoke(fn, events: sender);

        var op = Assert.Single(response.Ops);
        Assert.Equal("StepRun", op.Op);
        Assert.Equal("sendEvent", op.Name);
        Assert.Equal("notify", op.DisplayName);
        Assert.Equal("step.sendEvent", op.GetOption("type"));
        Assert.Equal("evt-1", op.Data!.Value.GetProperty("ids")[0].GetString());
        var sent = Assert.Single(sender.Sent);
        Assert.Equal("app/notified", sent.Name);
        Assert.Equal("u1", sent.Data.GetProperty("userId").GetString());
    }

    [Fact]
    public async Task Invoke_SendEventMemoized_DoesNotSendAgain()
    {
        var sender = new FixedIdSender();
        var fn = Functions.Create(async ctx => await ctx.Step.SendEvent("notify", "app/notified", null));

        var response = await Invoke(fn, Memo.Steps(("notify", Memo.Data(new { ids = new[] { "evt-9" } }))), events: sender);

        Assert.Equal(CallOutcome.Completed, response.Outcome);
        Assert.Equal("evt-9", response.Output[0].GetString());
        Assert.Empty(sender.Sent);
    }

    private sealed record Greeting(string Name, int Count);

    private sealed class FixedIdSender : IEventSender
    {
        public List<Steadfast.Protocol.Events.EventPayload> Sent { get; } = [];

        public Task<IReadOnlyList<string>> SendAsync(IReadOnlyList<Steadfast.Protocol.Events.EventPayload> events, CancellationToken cancellationToken = default)
        {
            Sent.AddRange(events);
            return Task.FromResult<IReadOnlyList<string>>([.. events.Select((_, i) => $"evt-{Sent.Count - events.Count + i + 1}")]);
        }
    }
}

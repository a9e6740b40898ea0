namespace Steadfast.Storage.Tests.Compliance;

/// <summary>Contract additions the dashboard relies on: runs seeded with memoized steps, and runs of many events at once.</summary>
public abstract partial class StoreComplianceTests
{
    [Fact]
    public async Task CommitEvents_RunWithInitialSteps_StartsWithThoseStepsInOrder()
    {
        var trigger = NewEvent();
        var run = NewRunRecord(trigger);
        var commit = new EventCommit();
        commit.Events.Add(trigger);
        commit.Runs.Add(new NewRun(run, null, 0) { InitialSteps = [("step-b", """{"data":2}"""), ("step-a", """{"data":1}""")] });

        var result = await Store.CommitEventsAsync(commit, Now);

        Assert.Equal([run.RunId], result.CreatedRunIds);
        var state = await Store.LoadRunStateAsync(run.RunId);
        Assert.NotNull(state);
        Assert.Equal(["step-b", "step-a"], state.Steps.Select(s => s.StepId));
        Assert.Equal("""{"data":2}""", state.Steps[0].Json);
        Assert.Equal(2, state.Run.StepCount);
        Assert.Equal(QueueItemKind.Discovery, Assert.Single(await Store.GetQueueItemsAsync(run.RunId)).Kind);
    }

    [Fact]
    public async Task CommitEvents_DeduplicatedRunWithInitialSteps_WritesNoSteps()
    {
        var trigger = NewEvent();
        var first = NewRunRecord(trigger);
        var second = NewRunRecord(trigger);
        var commit = new EventCommit();
        commit.Events.Add(trigger);
        commit.Runs.Add(new NewRun(first, "fn\nkey", Now + 1000));
        commit.Runs.Add(new NewRun(second, "fn\nkey", Now + 1000) { InitialSteps = [("step-a", """{"data":1}""")] });

        var result = await Store.CommitEventsAsync(commit, Now);

        Assert.Equal([first.RunId], result.CreatedRunIds);
        Assert.Null(await Store.LoadRunStateAsync(second.RunId));
        Assert.Empty((await Store.LoadRunStateAsync(first.RunId))!.Steps);
    }

    [Fact]
    public async Task ListRuns_EventIdsFilter_ReturnsRunsOfAnyOfThoseEventsNewestFirst()
    {
        var a = await StartRunAsync("fn-a");
        var b = await StartRunAsync("fn-b");
        var c = await StartRunAsync("fn-c");

        var runs = await Store.ListRunsAsync(new RunQuery { EventIds = [a.EventId, c.EventId] });
        var none = await Store.ListRunsAsync(new RunQuery { EventIds = [] });
        var combined = await Store.ListRunsAsync(new RunQuery { EventIds = [a.EventId, b.EventId], FunctionId = "fn-b" });

        Assert.Equal([c.RunId, a.RunId], runs.Select(r => r.RunId));
        Assert.Empty(none);
        Assert.Equal([b.RunId], combined.Select(r => r.RunId));
    }
}

namespace Steadfast.Storage.Tests.Compliance;

public abstract partial class StoreComplianceTests
{
    private async Task<RunRecord> StartEndedRunAsync(long createdAt, long endedAt, RunStatus status = RunStatus.Completed)
    {
        var run = await StartRunAsync(createdAt: createdAt);
        var end = new RunTransition
        {
            RunId = run.RunId,
            DeleteAllItems = true,
            Update = new RunUpdate { Status = status, EndedAt = endedAt, Output = "1" },
        };
        end.Memos.Add(("s1", "\"memo\""));
        end.History.Add(new HistoryEntry { RunId = run.RunId, At = endedAt, Type = HistoryTypes.RunCompleted });
        Assert.True(await Store.ApplyAsync(end, endedAt));
        return run;
    }

    [Fact]
    public async Task PurgeHistory_EndedBeforeCutoff_RemovesRunStepsHistoryAndEvent()
    {
        var old = await StartEndedRunAsync(Now - 10_000, Now - 9_000);

        var result = await Store.PurgeHistoryAsync(Now - 5_000, 100);

        Assert.Equal(new PurgeResult(1, 1), result);
        Assert.Null(await Store.GetRunAsync(old.RunId));
        Assert.Null(await Store.LoadRunStateAsync(old.RunId));
        Assert.Empty(await Store.GetHistoryAsync(old.RunId));
        Assert.Null(await Store.GetEventAsync(old.EventId));
    }

    [Theory]
    [InlineData(RunStatus.Failed)]
    [InlineData(RunStatus.Cancelled)]
    public async Task PurgeHistory_OtherEndedStates_AreRemovedToo(RunStatus status)
    {
        var old = await StartEndedRunAsync(Now - 10_000, Now - 9_000, status);

        Assert.Equal(1, (await Store.PurgeHistoryAsync(Now - 5_000, 100)).Runs);
        Assert.Null(await Store.GetRunAsync(old.RunId));
    }

    [Fact]
    public async Task PurgeHistory_EndedAfterCutoff_KeepsRunAndEvent()
    {
        // Created long ago but ended recently: kept until it has been ended for the retention period.
        var recent = await StartEndedRunAsync(Now - 10_000, Now - 1_000);

        var result = await Store.PurgeHistoryAsync(Now - 5_000, 100);

        Assert.Equal(0, result.Runs);
        var state = await Store.LoadRunStateAsync(recent.RunId);
        Assert.NotNull(state);
        Assert.Equal([("s1", "\"memo\"")], state.Steps);
        Assert.Equal(2, (await Store.GetHistoryAsync(recent.RunId)).Count);
    }

    [Fact]
    public async Task PurgeHistory_ActiveOldRun_KeepsRunItemsAndItsEvents()
    {
        var active = await StartRunAsync(createdAt: Now - 20_000);
        var ended = await StartEndedRunAsync(Now - 30_000, Now - 25_000);

        var result = await Store.PurgeHistoryAsync(Now - 5_000, 100);

        // The ended run goes with its event (received before the active run was created); the active run stays whole.
        Assert.Equal(new PurgeResult(1, 1), result);
        Assert.Null(await Store.GetRunAsync(ended.RunId));
        var state = await Store.LoadRunStateAsync(active.RunId);
        Assert.NotNull(state);
        Assert.Single(state.EventsJson);
        Assert.NotNull(await Store.GetEventAsync(active.EventId));
        Assert.Single(await Store.GetQueueItemsAsync(active.RunId));
    }

    [Fact]
    public async Task PurgeHistory_BatchSize_LimitsEachCallAndRepeatsUntilDone()
    {
        var runs = new List<RunRecord>();
        for (var i = 0; i < 5; i++)
        {
            runs.Add(await StartEndedRunAsync(Now - 10_000 + i, Now - 9_000 + i));
        }

        var first = await Store.PurgeHistoryAsync(Now - 5_000, 2);
        var second = await Store.PurgeHistoryAsync(Now - 5_000, 2);
        var third = await Store.PurgeHistoryAsync(Now - 5_000, 2);
        var fourth = await Store.PurgeHistoryAsync(Now - 5_000, 2);

        Assert.Equal([2, 2, 1, 0], new[] { first.Runs, second.Runs, third.Runs, fourth.Runs });
        Assert.Equal([2, 2, 1, 0], new[] { first.Events, second.Events, third.Events, fourth.Events });
        // Oldest first.
        Assert.Null(await Store.GetRunAsync(runs[0].RunId));
        Assert.Empty(await Store.ListRunsAsync(new RunQuery()));
    }

    [Fact]
    public async Task PurgeHistory_NothingOld_DeletesNothing()
    {
        var run = await StartEndedRunAsync(Now, Now + 1);

        Assert.Equal(new PurgeResult(0, 0), await Store.PurgeHistoryAsync(Now - 5_000, 100));
        Assert.NotNull(await Store.GetRunAsync(run.RunId));
    }
}

namespace Steadfast.Storage.Tests.Compliance;

public abstract partial class StoreComplianceTests
{
    private EventCommit CommitFor(string? idempotencyKey, long expiresAt, out RunRecord run, string functionId = "app-fn")
    {
        var trigger = NewEvent();
        run = NewRunRecord(trigger, functionId);
        var commit = new EventCommit();
        commit.Events.Add(trigger);
        commit.Runs.Add(new NewRun(run, idempotencyKey, expiresAt));
        return commit;
    }

    [Fact]
    public async Task CommitEvents_NewRun_StoresRunDiscoveryItemAndHistory()
    {
        var first = NewEvent();
        var second = NewEvent();
        var run = NewRunRecord(first) with { EventIds = [first.InternalId, second.InternalId] };
        var commit = new EventCommit();
        commit.Events.Add(first);
        commit.Events.Add(second);
        commit.Runs.Add(new NewRun(run, "fn\nkey", Now + 1000));

        var result = await Store.CommitEventsAsync(commit, Now);

        Assert.Equal([run.RunId], result.CreatedRunIds);
        var stored = await GetRunAsync(run.RunId);
        Assert.Equal("app-fn", stored.FunctionId);
        Assert.Equal(first.InternalId, stored.EventId);
        Assert.Equal([first.InternalId, second.InternalId], stored.EventIds);
        Assert.Equal(RunStatus.Queued, stored.Status);
        Assert.Equal(Now, stored.CreatedAt);
        Assert.Null(stored.EndedAt);
        Assert.Null(stored.Output);
        Assert.Equal(-1, stored.RequestVersion);
        Assert.False(stored.ForceStepPlan);
        Assert.Equal(0, stored.StepCount);

        var item = Assert.Single(await Store.GetQueueItemsAsync(run.RunId));
        Assert.Equal(QueueItemKind.Discovery, item.Kind);
        Assert.Equal("step", item.StepId);
        Assert.Equal(Now, item.DueAt);
        Assert.Equal(0, item.Attempt);
        Assert.Null(item.Owner);
        Assert.Equal(0, item.Claims);

        var history = Assert.Single(await Store.GetHistoryAsync(run.RunId));
        Assert.Equal(HistoryTypes.RunScheduled, history.Type);
        Assert.Equal(Now, history.At);
    }

    [Fact]
    public async Task CommitEvents_RunWithoutEventIds_UsesTriggeringEvent()
    {
        var trigger = NewEvent();
        var run = NewRunRecord(trigger) with { EventIds = [] };
        var commit = new EventCommit();
        commit.Events.Add(trigger);
        commit.Runs.Add(new NewRun(run, null, 0));

        await Store.CommitEventsAsync(commit, Now);

        Assert.Equal([trigger.InternalId], (await GetRunAsync(run.RunId)).EventIds);
    }

    [Fact]
    public async Task CommitEvents_DuplicateIdempotencyKey_CreatesOneRun()
    {
        var first = await Store.CommitEventsAsync(CommitFor("fn\nevt-1", Now + 60_000, out var run1), Now);
        var second = await Store.CommitEventsAsync(CommitFor("fn\nevt-1", Now + 60_000, out var run2), Now + 1);

        Assert.Equal([run1.RunId], first.CreatedRunIds);
        Assert.Empty(second.CreatedRunIds);
        Assert.NotNull(await Store.GetRunAsync(run1.RunId));
        Assert.Null(await Store.GetRunAsync(run2.RunId));
        Assert.Empty(await Store.GetQueueItemsAsync(run2.RunId));
        Assert.Empty(await Store.GetHistoryAsync(run2.RunId));
        Assert.Single(await Store.ListRunsAsync(new RunQuery()));
    }

    [Fact]
    public async Task CommitEvents_DuplicateKeyInOneCommit_CreatesFirstRunOnly()
    {
        var commit = CommitFor("fn\nevt-1", Now + 60_000, out var run1);
        var run2 = NewRunRecord(commit.Events[0]);
        commit.Runs.Add(new NewRun(run2, "fn\nevt-1", Now + 60_000));

        var result = await Store.CommitEventsAsync(commit, Now);

        Assert.Equal([run1.RunId], result.CreatedRunIds);
        Assert.Null(await Store.GetRunAsync(run2.RunId));
    }

    [Fact]
    public async Task CommitEvents_DuplicateKeyStillActive_DropsEvenJustBeforeExpiry()
    {
        await Store.CommitEventsAsync(CommitFor("fn\nevt-1", Now + 60_000, out _), Now);

        var result = await Store.CommitEventsAsync(CommitFor("fn\nevt-1", Now + 120_000, out var run2), Now + 59_999);

        Assert.Empty(result.CreatedRunIds);
        Assert.Null(await Store.GetRunAsync(run2.RunId));
    }

    [Fact]
    public async Task CommitEvents_ExpiredIdempotencyKey_CreatesNewRun()
    {
        await Store.CommitEventsAsync(CommitFor("fn\nevt-1", Now + 60_000, out var run1), Now);

        // The key may be reused from its expiry time on.
        var second = await Store.CommitEventsAsync(CommitFor("fn\nevt-1", Now + 120_000, out var run2), Now + 60_000);
        var third = await Store.CommitEventsAsync(CommitFor("fn\nevt-1", Now + 180_000, out var run3), Now + 119_999);

        Assert.Equal([run2.RunId], second.CreatedRunIds);
        Assert.Empty(third.CreatedRunIds);
        Assert.NotNull(await Store.GetRunAsync(run1.RunId));
        Assert.NotNull(await Store.GetRunAsync(run2.RunId));
        Assert.Null(await Store.GetRunAsync(run3.RunId));
        Assert.Single(await Store.GetQueueItemsAsync(run2.RunId));
    }

    [Fact]
    public async Task CommitEvents_DifferentKeys_CreatesBothRuns()
    {
        var first = await Store.CommitEventsAsync(CommitFor("fn-a\nevt-1", Now + 60_000, out var run1), Now);
        var second = await Store.CommitEventsAsync(CommitFor("fn-b\nevt-1", Now + 60_000, out var run2), Now);

        Assert.Equal([run1.RunId], first.CreatedRunIds);
        Assert.Equal([run2.RunId], second.CreatedRunIds);
        Assert.Equal(2, (await Store.ListRunsAsync(new RunQuery())).Count);
    }

    [Fact]
    public async Task CommitEvents_NoIdempotencyKey_AlwaysCreatesRun()
    {
        var first = await Store.CommitEventsAsync(CommitFor(null, 0, out var run1), Now);
        var second = await Store.CommitEventsAsync(CommitFor(null, 0, out var run2), Now);

        Assert.Equal([run1.RunId], first.CreatedRunIds);
        Assert.Equal([run2.RunId], second.CreatedRunIds);
    }

    [Fact]
    public async Task CommitEvents_SameInternalIdTwice_KeepsFirstEvent()
    {
        var original = NewEvent();
        var retry = original with { Name = "app/changed", Json = """{"name":"app/changed"}""", ReceivedAt = Now + 5 };
        var first = new EventCommit();
        first.Events.Add(original);
        var second = new EventCommit();
        second.Events.Add(retry);

        await Store.CommitEventsAsync(first, Now);
        await Store.CommitEventsAsync(second, Now + 5);

        Assert.Equal(original, await Store.GetEventAsync(original.InternalId));
        Assert.Equal([original], await Store.ListEventsAsync(new EventQuery()));
    }

    [Fact]
    public async Task CommitEvents_SeededRetryOfWholeCommit_StoresEventOnceAndRunOnce()
    {
        var commit = CommitFor("fn\nevt-1", Now + 60_000, out var run);

        var first = await Store.CommitEventsAsync(commit, Now);
        var retry = await Store.CommitEventsAsync(commit, Now + 10);

        Assert.Equal([run.RunId], first.CreatedRunIds);
        Assert.Empty(retry.CreatedRunIds);
        Assert.Single(await Store.ListEventsAsync(new EventQuery()));
        Assert.Single(await Store.GetQueueItemsAsync(run.RunId));
    }

    [Fact]
    public async Task CommitEvents_EventsWithoutRuns_StoresEventsOnly()
    {
        var commit = new EventCommit();
        var e = NewEvent();
        commit.Events.Add(e);

        var result = await Store.CommitEventsAsync(commit, Now);

        Assert.Empty(result.CreatedRunIds);
        Assert.Equal(e, await Store.GetEventAsync(e.InternalId));
        Assert.Empty(await Store.ListRunsAsync(new RunQuery()));
        Assert.Null(await Store.NextDueAtAsync());
    }
}

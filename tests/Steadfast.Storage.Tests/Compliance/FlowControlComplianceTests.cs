namespace Steadfast.Storage.Tests.Compliance;

/// <summary>
/// The flow-control part of the storage contract (<see cref="RunFlow"/> decided in the commit, concurrency keys in the
/// claim), written once for every backend. A separate suite so a backend can adopt it with a one-line subclass when it
/// implements the contract change (SQLite: <c>SqliteFlowControlComplianceTests</c>).
/// </summary>
public abstract class FlowControlComplianceTests : IAsyncLifetime
{
    protected const long Now = 1_700_000_000_000;
    protected const long Lease = Now + 30_000;
    protected const string Worker = "worker-a";
    protected const string OtherWorker = "worker-b";

    private readonly string _prefix = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
    private int _sequence;
    private IEngineStore? _store;

    protected IEngineStore Store => _store ?? throw new InvalidOperationException("The store is not initialized.");

    /// <summary>A new, initialized store over empty storage of its own.</summary>
    protected abstract Task<IEngineStore> CreateStoreAsync();

    /// <summary>Removes what <see cref="CreateStoreAsync"/> created, after the store is disposed.</summary>
    protected virtual Task DeleteStorageAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
            _store = null;
        }

        await DeleteStorageAsync();
    }

    private string NextId(string kind) => $"01{kind}{_prefix}{Interlocked.Increment(ref _sequence):D6}";

    private StoredEvent NewEvent(long receivedAt = Now)
    {
        var internalId = NextId("E");
        return new StoredEvent
        {
            InternalId = internalId,
            Id = "sender-" + internalId,
            Name = "app/flow",
            Ts = receivedAt,
            ReceivedAt = receivedAt,
            Json = $$"""{"name":"app/flow","data":{},"id":"{{internalId}}","ts":{{receivedAt}}}""",
        };
    }

    private RunRecord NewRunRecord(StoredEvent trigger, long createdAt = Now) => new()
    {
        RunId = NextId("R"),
        FunctionId = "app-fn",
        EventId = trigger.InternalId,
        EventIds = [trigger.InternalId],
        Status = RunStatus.Queued,
        CreatedAt = createdAt,
    };

    private async Task<RunRecord> StartRunAsync() => (await CommitFlowRunAsync(new RunFlow())).Run;

    private async Task<QueueItem> ClaimOneAsync(string runId)
    {
        var claimed = await Store.ClaimAsync(Worker, Now, Lease, 100);
        return Assert.Single(claimed, i => i.RunId == runId);
    }

    private static RunTransition Settle(QueueItem item) => new()
    {
        RunId = item.RunId,
        ItemId = item.Id,
        Owner = item.Owner,
        ClaimCount = item.Claims,
    };

    private async Task<RunRecord> GetRunAsync(string runId) =>
        await Store.GetRunAsync(runId) ?? throw new InvalidOperationException($"Run {runId} not found.");

    /// <summary>Commits one event with one candidate run under <paramref name="flow"/>; returns the run and whether it was created.</summary>
    private async Task<(RunRecord Run, bool Created)> CommitFlowRunAsync(RunFlow flow, long now = Now)
    {
        var trigger = NewEvent(now);
        var run = NewRunRecord(trigger, now);
        var commit = new EventCommit();
        commit.Events.Add(trigger);
        commit.Runs.Add(new NewRun(run, null, 0) { Flow = flow });
        var result = await Store.CommitEventsAsync(commit, now);
        return (run, result.CreatedRunIds.Contains(run.RunId));
    }

    private static RunFlow Keys(params (string Key, int Limit)[] keys) =>
        new() { StartAt = Now, Concurrency = [.. keys.Select(k => new ConcurrencyKey(k.Key, k.Limit))] };

    [Fact]
    public async Task Claim_ConcurrencyKeyLimitOne_OnePerKeyEvenInOneBatch()
    {
        var a = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            a.Add((await CommitFlowRunAsync(Keys(("k:a", 1)))).Run.RunId);
        }

        var b1 = (await CommitFlowRunAsync(Keys(("k:b", 1)))).Run.RunId;
        await CommitFlowRunAsync(Keys(("k:b", 1)));
        var free = (await StartRunAsync()).RunId;

        var claimed = await Store.ClaimAsync(Worker, Now, Lease, 100);

        Assert.Equal(3, claimed.Count);
        Assert.Single(claimed, i => a.Contains(i.RunId));
        Assert.Contains(claimed, i => i.RunId == b1);
        Assert.Contains(claimed, i => i.RunId == free);
        Assert.Empty(await Store.ClaimAsync(OtherWorker, Now, Lease, 100));

        // Settling the held item frees the slot for the next run of the key.
        Assert.True(await Store.ApplyAsync(Settle(claimed.Single(i => a.Contains(i.RunId))), Now));
        var next = Assert.Single(await Store.ClaimAsync(OtherWorker, Now, Lease, 100));
        Assert.Contains(next.RunId, a);
    }

    [Fact]
    public async Task Claim_ConcurrencyLimitThree_BatchClaimStopsAtThree()
    {
        for (var i = 0; i < 10; i++)
        {
            await CommitFlowRunAsync(Keys(("fn:x", 3)));
        }

        Assert.Equal(3, (await Store.ClaimAsync(Worker, Now, Lease, 100)).Count);
        Assert.Empty(await Store.ClaimAsync(Worker, Now, Lease, 100));
    }

    [Fact]
    public async Task Claim_TwoKeys_BothLimitsApply()
    {
        await CommitFlowRunAsync(Keys(("fn:f", 2), ("k:a", 1)));
        await CommitFlowRunAsync(Keys(("fn:f", 2), ("k:a", 1)));
        await CommitFlowRunAsync(Keys(("fn:f", 2), ("k:b", 1)));
        await CommitFlowRunAsync(Keys(("fn:f", 2), ("k:c", 1)));

        var claimed = await Store.ClaimAsync(Worker, Now, Lease, 100);

        // The function limit (2) caps it, and the two claimed runs never share key k:a.
        Assert.Equal(2, claimed.Count);
    }

    [Fact]
    public async Task Claim_ExpiredLease_NoLongerHoldsTheSlot()
    {
        var first = (await CommitFlowRunAsync(Keys(("k:a", 1)))).Run.RunId;
        var second = (await CommitFlowRunAsync(Keys(("k:a", 1)))).Run.RunId;
        var held = await ClaimOneAsync(first);

        // After the lease expires, one item of the key is claimable again (the expired one, first in due order).
        var afterExpiry = Assert.Single(await Store.ClaimAsync(OtherWorker, Lease + 1, Lease + 30_000, 100));
        Assert.Contains(afterExpiry.RunId, new[] { first, second });
        Assert.NotEqual(held.Owner, afterExpiry.Owner);
    }

    [Fact]
    public async Task Claim_LaterItemsOfARun_CarryItsKeys()
    {
        var (run, _) = await CommitFlowRunAsync(Keys(("k:a", 1)));
        var other = (await CommitFlowRunAsync(Keys(("k:a", 1)))).Run.RunId;
        var item = await ClaimOneAsync(run.RunId);
        var t = Settle(item);
        t.Enqueue.Add(new NewQueueItem(QueueItemKind.Step, "s1", Now));
        t.Enqueue.Add(new NewQueueItem(QueueItemKind.Step, "s2", Now));
        Assert.True(await Store.ApplyAsync(t, Now));

        // Two planned steps and the other run's discovery: all under k:a, so one at a time.
        var claimed = Assert.Single(await Store.ClaimAsync(Worker, Now, Lease, 100));
        Assert.Contains(claimed.RunId, new[] { run.RunId, other });
        Assert.Empty(await Store.ClaimAsync(Worker, Now, Lease, 100));
    }

    [Fact]
    public async Task Commit_DropLimit_ExcessDropped_GcraReturnsCapacityOverThePeriod()
    {
        var flow = new RunFlow { StartAt = Now, Drops = [new GcraLimit("rate:fn:a", 2, 60_000)] };

        Assert.True((await CommitFlowRunAsync(flow)).Created);
        Assert.True((await CommitFlowRunAsync(flow)).Created);
        Assert.False((await CommitFlowRunAsync(flow)).Created);
        Assert.False((await CommitFlowRunAsync(flow, Now + 29_999)).Created);
        Assert.True((await CommitFlowRunAsync(flow, Now + 30_000)).Created);
        Assert.True((await CommitFlowRunAsync(new RunFlow { StartAt = Now, Drops = [new GcraLimit("rate:fn:b", 2, 60_000)] })).Created);
    }

    [Fact]
    public async Task Commit_SeveralDrops_ADroppedRunChargesNone()
    {
        Assert.True((await CommitFlowRunAsync(new RunFlow { Drops = [new GcraLimit("a", 1, 60_000)] })).Created);
        Assert.False((await CommitFlowRunAsync(new RunFlow { Drops = [new GcraLimit("b", 1, 60_000), new GcraLimit("a", 1, 60_000)] })).Created);
        Assert.True((await CommitFlowRunAsync(new RunFlow { Drops = [new GcraLimit("b", 1, 60_000)] })).Created);
    }

    [Fact]
    public async Task Commit_Throttle_DelaysDiscoveryNeverDrops()
    {
        var flow = new RunFlow { StartAt = Now, Throttle = new GcraLimit("throttle:fn", 1, 10_000) };
        var due = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var (run, created) = await CommitFlowRunAsync(flow);
            Assert.True(created);
            due.Add(Assert.Single(await Store.GetQueueItemsAsync(run.RunId)).DueAt);
        }

        Assert.Equal([Now, Now + 10_000, Now + 20_000], due);
    }

    [Fact]
    public async Task Commit_ThrottleBurst_LetsLimitPlusBurstStartTogether()
    {
        var flow = new RunFlow { StartAt = Now, Throttle = new GcraLimit("throttle:burst", 2, 10_000, Burst: 1) };
        var due = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            due.Add(Assert.Single(await Store.GetQueueItemsAsync((await CommitFlowRunAsync(flow)).Run.RunId)).DueAt);
        }

        Assert.Equal([Now, Now, Now, Now + 5_000], due);
    }

    [Fact]
    public async Task Commit_StartAt_IsTheDiscoveryDueTime()
    {
        var (run, _) = await CommitFlowRunAsync(new RunFlow { StartAt = Now - 300_000 });

        Assert.Equal(Now - 300_000, Assert.Single(await Store.GetQueueItemsAsync(run.RunId)).DueAt);
    }

    [Fact]
    public async Task Commit_SingletonSkip_DropsWhileActive_AllowsAfterTheRunEnds()
    {
        var flow = new RunFlow { Singleton = new SingletonRule("singleton:fn:a", Cancel: false) };
        var (first, created) = await CommitFlowRunAsync(flow);
        Assert.True(created);
        Assert.False((await CommitFlowRunAsync(flow)).Created);
        Assert.True((await CommitFlowRunAsync(new RunFlow { Singleton = new SingletonRule("singleton:fn:b", false) })).Created);

        Assert.True(await Store.ApplyAsync(new RunTransition { RunId = first.RunId, DeleteAllItems = true, Update = new RunUpdate { Status = RunStatus.Completed, EndedAt = Now } }, Now));
        Assert.True((await CommitFlowRunAsync(flow)).Created);
    }

    [Fact]
    public async Task Commit_SingletonCancel_QueuesAFlowCancelForTheActiveRun()
    {
        var flow = new RunFlow { Singleton = new SingletonRule("singleton:fn", Cancel: true) };
        var (first, _) = await CommitFlowRunAsync(flow);
        var (second, created) = await CommitFlowRunAsync(flow);

        Assert.True(created);
        var cancel = Assert.Single(await Store.GetQueueItemsAsync(first.RunId), i => i.Kind == QueueItemKind.FlowCancel);
        Assert.Equal("singleton", cancel.StepId);
        Assert.Equal(Now, cancel.DueAt);
        Assert.DoesNotContain(await Store.GetQueueItemsAsync(second.RunId), i => i.Kind == QueueItemKind.FlowCancel);

        // A third run cancels the second, not the first again.
        await CommitFlowRunAsync(flow);
        Assert.Single(await Store.GetQueueItemsAsync(second.RunId), i => i.Kind == QueueItemKind.FlowCancel);
    }

    [Fact]
    public async Task Commit_Debounce_LastEventWins_StartMoves_CappedByTimeout()
    {
        RunFlow Flow(long now) => new() { StartAt = now + 10_000, Pending = new PendingRule("debounce:fn", Debounce: true, DelayMs: 10_000, MaxDelayMs: 12_000) };
        var (run, created) = await CommitFlowRunAsync(Flow(Now));
        Assert.True(created);

        var (second, secondCreated) = await CommitFlowRunAsync(Flow(Now + 1_000), Now + 1_000);
        Assert.False(secondCreated);
        var stored = await GetRunAsync(run.RunId);
        Assert.Equal(second.EventId, stored.EventId);
        Assert.Equal([second.EventId], stored.EventIds);
        Assert.Equal(Now + 11_000, Assert.Single(await Store.GetQueueItemsAsync(run.RunId)).DueAt);

        await CommitFlowRunAsync(Flow(Now + 5_000), Now + 5_000);
        Assert.Equal(Now + 12_000, Assert.Single(await Store.GetQueueItemsAsync(run.RunId)).DueAt);
    }

    [Fact]
    public async Task Commit_Batch_EventsAppendInOrder_FullBatchDueNow_ThenANewBatch()
    {
        var flow = new RunFlow { StartAt = Now + 5_000, Pending = new PendingRule("batch:fn", Debounce: false, MaxSize: 3) };
        var events = new List<StoredEvent>();
        var runs = new List<RunRecord>();
        var commit = new EventCommit();
        for (var i = 0; i < 4; i++)
        {
            var e = NewEvent();
            var r = NewRunRecord(e);
            events.Add(e);
            runs.Add(r);
            commit.Events.Add(e);
            commit.Runs.Add(new NewRun(r, null, 0) { Flow = flow });
        }

        var result = await Store.CommitEventsAsync(commit, Now);

        Assert.Equal([runs[0].RunId, runs[3].RunId], result.CreatedRunIds);
        var batch = await GetRunAsync(runs[0].RunId);
        Assert.Equal(events.Take(3).Select(e => e.InternalId), batch.EventIds);
        Assert.Equal(events[0].InternalId, batch.EventId);
        Assert.Equal(Now, Assert.Single(await Store.GetQueueItemsAsync(runs[0].RunId)).DueAt);
        Assert.Equal(Now + 5_000, Assert.Single(await Store.GetQueueItemsAsync(runs[3].RunId)).DueAt);
        var state = await Store.LoadRunStateAsync(runs[0].RunId);
        Assert.Equal(3, state!.EventsJson.Count);
    }

    [Fact]
    public async Task Commit_PendingRunWhoseDiscoveryIsClaimed_TakesNoMoreEvents()
    {
        var flow = new RunFlow { StartAt = Now, Pending = new PendingRule("batch:claimed", Debounce: false, MaxSize: 10) };
        var (run, _) = await CommitFlowRunAsync(flow);
        await ClaimOneAsync(run.RunId);

        var (next, created) = await CommitFlowRunAsync(flow);

        Assert.True(created);
        Assert.Single((await GetRunAsync(run.RunId)).EventIds);
        Assert.Single((await GetRunAsync(next.RunId)).EventIds);
    }

    [Fact]
    public async Task Commit_Timeouts_QueueFlowCancelItems()
    {
        var (run, _) = await CommitFlowRunAsync(new RunFlow { StartAt = Now, StartTimeoutAt = Now + 10_000, FinishCheckAt = Now + 60_000 });

        var items = await Store.GetQueueItemsAsync(run.RunId);
        Assert.Equal(Now + 10_000, Assert.Single(items, i => i.Kind == QueueItemKind.FlowCancel && i.StepId == "start").DueAt);
        Assert.Equal(Now + 60_000, Assert.Single(items, i => i.Kind == QueueItemKind.FlowCancel && i.StepId == "finish").DueAt);
    }

    [Fact]
    public async Task PurgeHistory_KeepsLiveFlowState_DropsStaleState()
    {
        var rate = new RunFlow { Drops = [new GcraLimit("rate:purge", 1, 60_000)] };
        var single = new RunFlow { Singleton = new SingletonRule("singleton:purge", Cancel: false) };
        Assert.True((await CommitFlowRunAsync(rate)).Created);
        var (active, _) = await CommitFlowRunAsync(single);

        await Store.PurgeHistoryAsync(Now + 1, 100);

        // The rate limit's arrival time (Now + 60 s) and the active singleton run still decide.
        Assert.False((await CommitFlowRunAsync(rate, Now + 1)).Created);
        Assert.False((await CommitFlowRunAsync(single, Now + 1)).Created);

        Assert.True(await Store.ApplyAsync(new RunTransition { RunId = active.RunId, DeleteAllItems = true, Update = new RunUpdate { Status = RunStatus.Completed, EndedAt = Now + 2 } }, Now + 2));
        await Store.PurgeHistoryAsync(Now + 60_000, 100);
        Assert.True((await CommitFlowRunAsync(rate, Now + 60_000)).Created);
        Assert.True((await CommitFlowRunAsync(single, Now + 60_000)).Created);
    }
}

namespace Steadfast.Storage.Tests.Compliance;

public abstract partial class StoreComplianceTests
{
    [Fact]
    public async Task Apply_LostLease_ReturnsFalseAndWritesNothing()
    {
        var (run, item) = await StartClaimedRunAsync(Worker);
        var reclaimed = Assert.Single(await Store.ClaimAsync(OtherWorker, Lease, Lease + 30_000, 10));
        var emitted = NewEvent("inngest/function.finished", Now + 1);
        var emittedRun = NewRunRecord(emitted, "app-on-finished", Now + 1);
        var stale = new RunTransition
        {
            RunId = item.RunId,
            ItemId = item.Id,
            Owner = item.Owner,
            Disposition = ItemDisposition.Delete,
            Update = new RunUpdate { Status = RunStatus.Completed, Output = "\"done\"", EndedAt = Now + 1, RequestVersion = 1, ForceStepPlan = true },
            DeleteAllItems = true,
            Emit = new EventCommit(),
        };
        stale.Memos.Add(("s1", "\"one\""));
        stale.Enqueue.Add(new NewQueueItem(QueueItemKind.Step, "s2", Now, $"{run.RunId}:s2"));
        stale.History.Add(new HistoryEntry { RunId = run.RunId, At = Now + 1, Type = HistoryTypes.StepCompleted, StepId = "s1" });
        stale.Emit.Events.Add(emitted);
        stale.Emit.Runs.Add(new NewRun(emittedRun, null, 0));

        var applied = await Store.ApplyAsync(stale, Now + 1);

        Assert.False(applied);
        var state = (await Store.LoadRunStateAsync(run.RunId))!;
        Assert.Empty(state.Steps);
        Assert.Equal(RunStatus.Queued, state.Run.Status);
        Assert.Null(state.Run.Output);
        Assert.Null(state.Run.EndedAt);
        Assert.Equal(-1, state.Run.RequestVersion);
        Assert.False(state.Run.ForceStepPlan);
        Assert.Equal(0, state.Run.StepCount);
        Assert.Equal([reclaimed], await Store.GetQueueItemsAsync(run.RunId));
        Assert.Null(await Store.GetEventAsync(emitted.InternalId));
        Assert.Null(await Store.GetRunAsync(emittedRun.RunId));
        Assert.Equal([HistoryTypes.RunScheduled], (await Store.GetHistoryAsync(run.RunId)).Select(h => h.Type));
    }

    [Fact]
    public async Task Apply_WrongOwner_ReturnsFalseAndKeepsItem()
    {
        var (run, item) = await StartClaimedRunAsync(Worker);
        var t = new RunTransition { RunId = item.RunId, ItemId = item.Id, Disposition = ItemDisposition.Delete, Owner = OtherWorker };

        Assert.False(await Store.ApplyAsync(t, Now));

        Assert.Equal(item, Assert.Single(await Store.GetQueueItemsAsync(run.RunId)));
    }

    [Fact]
    public async Task Apply_ItemAlreadyDeleted_ReturnsFalse()
    {
        var (run, item) = await StartClaimedRunAsync();
        Assert.True(await Store.ApplyAsync(Settle(item), Now));

        var again = Settle(item);
        again.Memos.Add(("late", "1"));

        Assert.False(await Store.ApplyAsync(again, Now));
        Assert.Empty((await Store.LoadRunStateAsync(run.RunId))!.Steps);
    }

    [Fact]
    public async Task Apply_ReleasedItem_ReturnsFalse()
    {
        var (_, item) = await StartClaimedRunAsync();
        Assert.True(await Store.ApplyAsync(Reschedule(item, Now + 1_000, 1), Now));

        Assert.False(await Store.ApplyAsync(Settle(item), Now));
        Assert.NotNull(await FindItemAsync(item.RunId, item.Id));
    }

    [Fact]
    public async Task Apply_Memos_AreWriteOnceAndKeepCompletionOrder()
    {
        var (run, item) = await StartClaimedRunAsync();
        var first = Settle(item, ItemDisposition.Keep);
        first.Memos.Add(("zeta", "\"z\""));
        first.Memos.Add(("alpha", "\"a\""));
        var second = Settle(item, ItemDisposition.Keep);
        second.Memos.Add(("zeta", "\"overwritten\""));
        second.Memos.Add(("mid", "\"m\""));

        Assert.True(await Store.ApplyAsync(first, Now));
        Assert.True(await Store.ApplyAsync(second, Now + 1));

        var state = (await Store.LoadRunStateAsync(run.RunId))!;
        Assert.Equal([("zeta", "\"z\""), ("alpha", "\"a\""), ("mid", "\"m\"")], state.Steps);
        Assert.Equal(3, state.Run.StepCount);
        Assert.Equal(3, (await GetRunAsync(run.RunId)).StepCount);
    }

    [Fact]
    public async Task Apply_SameMemoTwiceInOneTransition_KeepsFirst()
    {
        var run = await StartRunAsync();
        var t = Unleased(run.RunId);
        t.Memos.Add(("s1", "1"));
        t.Memos.Add(("s1", "2"));

        Assert.True(await Store.ApplyAsync(t, Now));

        var state = (await Store.LoadRunStateAsync(run.RunId))!;
        Assert.Equal([("s1", "1")], state.Steps);
        Assert.Equal(1, state.Run.StepCount);
    }

    [Fact]
    public async Task Apply_Update_SetsGivenFieldsAndLeavesNullOnes()
    {
        var run = await StartRunAsync();
        Assert.True(await Store.ApplyAsync(new RunTransition { RunId = run.RunId, Update = new RunUpdate { Status = RunStatus.Running, RequestVersion = 1, ForceStepPlan = true } }, Now));
        Assert.True(await Store.ApplyAsync(new RunTransition { RunId = run.RunId, Update = new RunUpdate { Status = RunStatus.Completed, Output = "{\"ok\":true}", EndedAt = Now + 9 } }, Now + 9));

        var stored = await GetRunAsync(run.RunId);

        Assert.Equal(RunStatus.Completed, stored.Status);
        Assert.Equal("{\"ok\":true}", stored.Output);
        Assert.Equal(Now + 9, stored.EndedAt);
        Assert.Equal(1, stored.RequestVersion);
        Assert.True(stored.ForceStepPlan);
        Assert.True(stored.IsTerminal);
    }

    [Fact]
    public async Task Apply_UpdateForceStepPlanFalse_ClearsIt()
    {
        var run = await StartRunAsync();
        Assert.True(await Store.ApplyAsync(new RunTransition { RunId = run.RunId, Update = new RunUpdate { ForceStepPlan = true } }, Now));
        Assert.True((await GetRunAsync(run.RunId)).ForceStepPlan);

        Assert.True(await Store.ApplyAsync(new RunTransition { RunId = run.RunId, Update = new RunUpdate { ForceStepPlan = false } }, Now));

        Assert.False((await GetRunAsync(run.RunId)).ForceStepPlan);
    }

    [Fact]
    public async Task Apply_DeleteDisposition_RemovesItem()
    {
        var (run, item) = await StartClaimedRunAsync();

        Assert.True(await Store.ApplyAsync(Settle(item, ItemDisposition.Delete), Now));

        Assert.Empty(await Store.GetQueueItemsAsync(run.RunId));
        Assert.Null(await Store.NextDueAtAsync());
    }

    [Fact]
    public async Task Apply_RescheduleDisposition_ReleasesItemWithDueTimeAndAttempt()
    {
        var (run, item) = await StartClaimedRunAsync();

        Assert.True(await Store.ApplyAsync(Reschedule(item, Now + 2_000, 3), Now));

        var stored = Assert.Single(await Store.GetQueueItemsAsync(run.RunId));
        Assert.Equal(item.Id, stored.Id);
        Assert.Null(stored.Owner);
        Assert.Equal(Now + 2_000, stored.DueAt);
        Assert.Equal(3, stored.Attempt);
        Assert.Equal(QueueItemKind.Discovery, stored.Kind);
        Assert.Equal(1, stored.Claims);
    }

    [Fact]
    public async Task Apply_KeepDisposition_KeepsLeaseAndRecordsAttempt()
    {
        var (run, item) = await StartClaimedRunAsync();
        Assert.True(await Store.ApplyAsync(Reschedule(item, Now, 2), Now));
        var reclaimed = await ClaimOneAsync(run.RunId);
        Assert.Equal(2, reclaimed.Attempt);

        Assert.True(await Store.ApplyAsync(new RunTransition { RunId = reclaimed.RunId, ItemId = reclaimed.Id, Owner = reclaimed.Owner, Disposition = ItemDisposition.Keep, NextAttempt = 0 }, Now));

        var stored = Assert.Single(await Store.GetQueueItemsAsync(run.RunId));
        Assert.Equal(Worker, stored.Owner);
        Assert.Equal(Lease, stored.DueAt);
        Assert.Equal(0, stored.Attempt);
        Assert.Equal(QueueItemKind.Discovery, stored.Kind);
        Assert.Empty(await Store.ClaimAsync(OtherWorker, Now + 1, Lease, 10));
        Assert.Equal([stored.Id], await Store.ExtendLeasesAsync(Worker, [stored.Id], Lease + 1_000));
    }

    [Fact]
    public async Task Apply_KeepAsDiscovery_TurnsSleepWakeIntoDiscovery()
    {
        var (run, discovery) = await StartClaimedRunAsync();
        var sleep = Settle(discovery);
        sleep.Enqueue.Add(new NewQueueItem(QueueItemKind.SleepWake, "nap", Now + 60_000, $"{run.RunId}:wake:nap"));
        Assert.True(await Store.ApplyAsync(sleep, Now));
        var wake = await ClaimOneAsync(run.RunId, now: Now + 60_000, leaseUntil: Now + 90_000);
        Assert.Equal(QueueItemKind.SleepWake, wake.Kind);
        Assert.Equal("nap", wake.StepId);

        var keep = new RunTransition { RunId = wake.RunId, ItemId = wake.Id, Owner = wake.Owner, Disposition = ItemDisposition.Keep, KeepAs = QueueItemKind.Discovery };
        keep.Memos.Add(("nap", "null"));
        Assert.True(await Store.ApplyAsync(keep, Now + 60_000));

        var stored = Assert.Single(await Store.GetQueueItemsAsync(run.RunId));
        Assert.Equal(wake.Id, stored.Id);
        Assert.Equal(QueueItemKind.Discovery, stored.Kind);
        Assert.Equal("step", stored.StepId);
        Assert.Equal(Worker, stored.Owner);
        Assert.Equal(Now + 90_000, stored.DueAt);
        Assert.Equal([("nap", "null")], (await Store.LoadRunStateAsync(run.RunId))!.Steps);
    }

    [Fact]
    public async Task Apply_EnqueueStepWithMemo_IsDropped()
    {
        var (run, item) = await StartClaimedRunAsync();
        var first = Settle(item, ItemDisposition.Keep);
        first.Memos.Add(("s1", "1"));
        Assert.True(await Store.ApplyAsync(first, Now));

        var plan = Settle(item, ItemDisposition.Keep);
        plan.Enqueue.Add(new NewQueueItem(QueueItemKind.Step, "s1", Now, $"{run.RunId}:s1"));
        plan.Enqueue.Add(new NewQueueItem(QueueItemKind.Step, "s2", Now, $"{run.RunId}:s2"));
        Assert.True(await Store.ApplyAsync(plan, Now));

        var steps = (await Store.GetQueueItemsAsync(run.RunId)).Where(i => i.Kind == QueueItemKind.Step).ToList();
        Assert.Equal("s2", Assert.Single(steps).StepId);
    }

    [Fact]
    public async Task Apply_MemoAndStepForSameStepInOneTransition_DropsStep()
    {
        var (run, item) = await StartClaimedRunAsync();
        var t = Settle(item);
        t.Memos.Add(("s1", "1"));
        t.Enqueue.Add(new NewQueueItem(QueueItemKind.Step, "s1", Now, $"{run.RunId}:s1"));

        Assert.True(await Store.ApplyAsync(t, Now));

        Assert.Empty(await Store.GetQueueItemsAsync(run.RunId));
    }

    [Fact]
    public async Task Apply_EnqueueStepWithWaitingDedupKey_IsDropped()
    {
        var (run, item) = await StartClaimedRunAsync();
        var first = Settle(item, ItemDisposition.Keep);
        first.Enqueue.Add(new NewQueueItem(QueueItemKind.Step, "s1", Now, $"{run.RunId}:s1"));
        var second = Settle(item, ItemDisposition.Keep);
        second.Enqueue.Add(new NewQueueItem(QueueItemKind.Step, "s1", Now + 500, $"{run.RunId}:s1"));

        Assert.True(await Store.ApplyAsync(first, Now));
        Assert.True(await Store.ApplyAsync(second, Now));

        var step = Assert.Single(await Store.GetQueueItemsAsync(run.RunId), i => i.Kind == QueueItemKind.Step);
        Assert.Equal(Now, step.DueAt);
    }

    [Fact]
    public async Task Apply_EnqueueStepWhileSameStepIsClaimed_IsDropped()
    {
        // Planned steps keep their dedup key when claimed, so a step is never queued twice while it runs.
        var (run, discovery) = await StartClaimedRunAsync();
        var plan = Settle(discovery);
        plan.Enqueue.Add(new NewQueueItem(QueueItemKind.Step, "s1", Now, $"{run.RunId}:s1"));
        Assert.True(await Store.ApplyAsync(plan, Now));
        var step = await ClaimOneAsync(run.RunId);
        Assert.Equal(QueueItemKind.Step, step.Kind);

        var replan = Unleased(run.RunId);
        replan.Enqueue.Add(new NewQueueItem(QueueItemKind.Step, "s1", Now, $"{run.RunId}:s1"));
        Assert.True(await Store.ApplyAsync(replan, Now));

        Assert.Equal([step], await Store.GetQueueItemsAsync(run.RunId));
    }

    [Fact]
    public async Task Apply_EnqueueStepAfterSameStepItemDeleted_IsQueued()
    {
        var (run, discovery) = await StartClaimedRunAsync();
        var plan = Settle(discovery);
        plan.Enqueue.Add(new NewQueueItem(QueueItemKind.Step, "s1", Now, $"{run.RunId}:s1"));
        Assert.True(await Store.ApplyAsync(plan, Now));
        var step = await ClaimOneAsync(run.RunId);
        Assert.True(await Store.ApplyAsync(Settle(step), Now));

        var replan = Unleased(run.RunId);
        replan.Enqueue.Add(new NewQueueItem(QueueItemKind.Step, "s1", Now + 1, $"{run.RunId}:s1"));
        Assert.True(await Store.ApplyAsync(replan, Now));

        var queued = Assert.Single(await Store.GetQueueItemsAsync(run.RunId));
        Assert.Equal("s1", queued.StepId);
        Assert.Equal(Now + 1, queued.DueAt);
    }

    [Fact]
    public async Task Apply_StaleTransitionAfterItemWasReplaced_ReturnsFalseAndLeavesNewItem()
    {
        // Worker claims the newest item, loses the lease, another worker finishes it, and new work for the run is
        // claimed by the first worker again (owners are per process). Its stale transition must not touch the new
        // item: item ids must never be reused.
        var (run, first) = await StartClaimedRunAsync(Worker);
        var reclaimed = await ClaimOneAsync(run.RunId, OtherWorker, now: Lease, leaseUntil: Lease + 30_000);
        Assert.True(await Store.ApplyAsync(Settle(reclaimed), Lease));
        var plan = Unleased(run.RunId);
        plan.Enqueue.Add(new NewQueueItem(QueueItemKind.Step, "s2", Lease, $"{run.RunId}:s2"));
        Assert.True(await Store.ApplyAsync(plan, Lease));
        var next = await ClaimOneAsync(run.RunId, Worker, now: Lease, leaseUntil: Lease + 30_000);
        var stale = Settle(first);
        stale.Memos.Add(("s1", "\"stale\""));

        var applied = await Store.ApplyAsync(stale, Lease + 1);

        Assert.False(applied);
        Assert.Equal([next], await Store.GetQueueItemsAsync(run.RunId));
        Assert.Empty((await Store.LoadRunStateAsync(run.RunId))!.Steps);
        Assert.NotEqual(first.Id, next.Id);
    }

    [Fact]
    public async Task Apply_EnqueueItemsWithoutDedupKey_QueuesAll()
    {
        var run = await StartRunAsync();
        var t = Unleased(run.RunId);
        t.Enqueue.Add(new NewQueueItem(QueueItemKind.Discovery, "step", Now + 1));
        t.Enqueue.Add(new NewQueueItem(QueueItemKind.Discovery, "step", Now + 2));

        Assert.True(await Store.ApplyAsync(t, Now));

        Assert.Equal(3, (await Store.GetQueueItemsAsync(run.RunId)).Count);
    }

    [Fact]
    public async Task Apply_EnqueueDiscoveryWhileInitialDiscoveryWaits_IsDropped()
    {
        var run = await StartRunAsync();
        var t = Unleased(run.RunId);
        t.Enqueue.Add(new NewQueueItem(QueueItemKind.Discovery, "step", Now + 5, $"{run.RunId}:discovery"));

        Assert.True(await Store.ApplyAsync(t, Now));

        var item = Assert.Single(await Store.GetQueueItemsAsync(run.RunId));
        Assert.Equal(Now, item.DueAt);
    }

    [Fact]
    public async Task Claim_Discovery_ClearsDedupKeySoANewDiscoveryCanQueue()
    {
        var (run, running) = await StartClaimedRunAsync();
        var t = Unleased(run.RunId);
        t.Enqueue.Add(new NewQueueItem(QueueItemKind.Discovery, "step", Now + 5, $"{run.RunId}:discovery"));
        t.Enqueue.Add(new NewQueueItem(QueueItemKind.Discovery, "step", Now + 6, $"{run.RunId}:discovery"));

        Assert.True(await Store.ApplyAsync(t, Now));

        var items = await Store.GetQueueItemsAsync(run.RunId);
        Assert.Equal(2, items.Count);
        Assert.Contains(items, i => i.Id == running.Id && i.Owner == Worker);
        var queued = Assert.Single(items, i => i.Id != running.Id);
        Assert.Equal(Now + 5, queued.DueAt);
        Assert.Null(queued.Owner);
    }

    [Fact]
    public async Task Claim_SleepWake_KeepsDedupKey()
    {
        var (run, discovery) = await StartClaimedRunAsync();
        var sleep = Settle(discovery);
        sleep.Enqueue.Add(new NewQueueItem(QueueItemKind.SleepWake, "nap", Now + 100, $"{run.RunId}:wake:nap"));
        Assert.True(await Store.ApplyAsync(sleep, Now));
        var wake = await ClaimOneAsync(run.RunId, now: Now + 100);

        var again = Unleased(run.RunId);
        again.Enqueue.Add(new NewQueueItem(QueueItemKind.SleepWake, "nap", Now + 200, $"{run.RunId}:wake:nap"));
        Assert.True(await Store.ApplyAsync(again, Now + 100));

        Assert.Equal([wake], await Store.GetQueueItemsAsync(run.RunId));
    }

    [Fact]
    public async Task Apply_RequireActiveRunOnTerminalRun_ReturnsFalseAndWritesNothing()
    {
        var (run, item) = await StartClaimedRunAsync();
        Assert.True(await Store.ApplyAsync(new RunTransition { RunId = run.RunId, Update = new RunUpdate { Status = RunStatus.Completed, Output = "1", EndedAt = Now + 1 } }, Now + 1));
        var cancel = new RunTransition
        {
            RunId = run.RunId,
            RequireActiveRun = true,
            DeleteAllItems = true,
            Update = new RunUpdate { Status = RunStatus.Cancelled, EndedAt = Now + 2 },
        };
        cancel.History.Add(new HistoryEntry { RunId = run.RunId, At = Now + 2, Type = HistoryTypes.RunCancelled });

        Assert.False(await Store.ApplyAsync(cancel, Now + 2));

        var stored = await GetRunAsync(run.RunId);
        Assert.Equal(RunStatus.Completed, stored.Status);
        Assert.Equal(Now + 1, stored.EndedAt);
        Assert.Equal([item], await Store.GetQueueItemsAsync(run.RunId));
        Assert.DoesNotContain(await Store.GetHistoryAsync(run.RunId), h => h.Type == HistoryTypes.RunCancelled);
    }

    [Theory]
    [InlineData(RunStatus.Failed)]
    [InlineData(RunStatus.Cancelled)]
    public async Task Apply_RequireActiveRunOnOtherTerminalStates_ReturnsFalse(RunStatus terminal)
    {
        var (_, item) = await StartClaimedRunAsync();
        Assert.True(await Store.ApplyAsync(new RunTransition { RunId = item.RunId, Update = new RunUpdate { Status = terminal } }, Now));

        var t = new RunTransition { RunId = item.RunId, ItemId = item.Id, Owner = item.Owner, Disposition = ItemDisposition.Delete, RequireActiveRun = true };

        Assert.False(await Store.ApplyAsync(t, Now));
        Assert.NotNull(await FindItemAsync(item.RunId, item.Id));
    }

    [Theory]
    [InlineData(RunStatus.Queued)]
    [InlineData(RunStatus.Running)]
    public async Task Apply_RequireActiveRunOnActiveRun_Applies(RunStatus active)
    {
        var (run, _) = await StartClaimedRunAsync();
        Assert.True(await Store.ApplyAsync(new RunTransition { RunId = run.RunId, Update = new RunUpdate { Status = active } }, Now));
        var cancel = new RunTransition
        {
            RunId = run.RunId,
            RequireActiveRun = true,
            DeleteAllItems = true,
            Update = new RunUpdate { Status = RunStatus.Cancelled, EndedAt = Now + 2 },
        };

        Assert.True(await Store.ApplyAsync(cancel, Now + 2));

        Assert.Equal(RunStatus.Cancelled, (await GetRunAsync(run.RunId)).Status);
        Assert.Empty(await Store.GetQueueItemsAsync(run.RunId));
    }

    [Fact]
    public async Task Apply_RequireActiveRunOnUnknownRun_ReturnsFalse()
    {
        Assert.False(await Store.ApplyAsync(new RunTransition { RunId = "no-such-run", RequireActiveRun = true }, Now));
    }

    [Fact]
    public async Task Apply_DeleteAllItems_RemovesEveryItemOfTheRunOnly()
    {
        var (run, item) = await StartClaimedRunAsync();
        var other = await StartRunAsync();
        var plan = Settle(item, ItemDisposition.Keep);
        plan.Enqueue.Add(new NewQueueItem(QueueItemKind.Step, "s1", Now, $"{run.RunId}:s1"));
        plan.Enqueue.Add(new NewQueueItem(QueueItemKind.SleepWake, "nap", Now + 100, $"{run.RunId}:wake:nap"));
        Assert.True(await Store.ApplyAsync(plan, Now));
        Assert.Equal(3, (await Store.GetQueueItemsAsync(run.RunId)).Count);

        Assert.True(await Store.ApplyAsync(new RunTransition { RunId = item.RunId, ItemId = item.Id, Owner = item.Owner, Disposition = ItemDisposition.Delete, DeleteAllItems = true }, Now));

        Assert.Empty(await Store.GetQueueItemsAsync(run.RunId));
        Assert.Single(await Store.GetQueueItemsAsync(other.RunId));
    }

    [Fact]
    public async Task Apply_ResetForceStepPlan_ClearsOnlyWhenNoStepItemsRemain()
    {
        var (run, discovery) = await StartClaimedRunAsync();
        var plan = new RunTransition { RunId = discovery.RunId, ItemId = discovery.Id, Owner = discovery.Owner, Disposition = ItemDisposition.Delete, Update = new RunUpdate { ForceStepPlan = true } };
        plan.Enqueue.Add(new NewQueueItem(QueueItemKind.Step, "s1", Now, $"{run.RunId}:s1"));
        plan.Enqueue.Add(new NewQueueItem(QueueItemKind.Step, "s2", Now + 1, $"{run.RunId}:s2"));
        Assert.True(await Store.ApplyAsync(plan, Now));
        var s1 = await ClaimOneAsync(run.RunId, now: Now);

        var firstDone = new RunTransition { RunId = s1.RunId, ItemId = s1.Id, Owner = s1.Owner, Disposition = ItemDisposition.Delete, ResetForceStepPlanWhenNoPlannedSteps = true };
        firstDone.Memos.Add(("s1", "1"));
        Assert.True(await Store.ApplyAsync(firstDone, Now));
        Assert.True((await GetRunAsync(run.RunId)).ForceStepPlan);

        var s2 = await ClaimOneAsync(run.RunId, now: Now + 1);
        var secondDone = new RunTransition { RunId = s2.RunId, ItemId = s2.Id, Owner = s2.Owner, Disposition = ItemDisposition.Delete, ResetForceStepPlanWhenNoPlannedSteps = true };
        secondDone.Memos.Add(("s2", "2"));
        secondDone.Enqueue.Add(new NewQueueItem(QueueItemKind.Discovery, "step", Now + 1, $"{run.RunId}:discovery"));
        Assert.True(await Store.ApplyAsync(secondDone, Now + 1));

        Assert.False((await GetRunAsync(run.RunId)).ForceStepPlan);
    }

    [Fact]
    public async Task Apply_ResetForceStepPlanWithoutFlag_LeavesItOff()
    {
        var (run, item) = await StartClaimedRunAsync();

        Assert.True(await Store.ApplyAsync(new RunTransition { RunId = item.RunId, ItemId = item.Id, Owner = item.Owner, Disposition = ItemDisposition.Delete, ResetForceStepPlanWhenNoPlannedSteps = true }, Now));

        Assert.False((await GetRunAsync(run.RunId)).ForceStepPlan);
    }

    [Fact]
    public async Task Apply_Emit_StoresEventsAndCreatesRunsWithDiscovery()
    {
        var (run, item) = await StartClaimedRunAsync();
        var finished = NewEvent("inngest/function.finished", Now + 3);
        var handler = NewRunRecord(finished, "app-on-finished", Now + 3);
        var duplicate = NewRunRecord(finished, "app-on-finished", Now + 3);
        var t = new RunTransition { RunId = item.RunId, ItemId = item.Id, Owner = item.Owner, Disposition = ItemDisposition.Delete, Update = new RunUpdate { Status = RunStatus.Completed, EndedAt = Now + 3 } };
        t.Emit = new EventCommit();
        t.Emit.Events.Add(finished);
        t.Emit.Runs.Add(new NewRun(handler, "app-on-finished\n" + finished.Id, Now + 60_000));
        t.Emit.Runs.Add(new NewRun(duplicate, "app-on-finished\n" + finished.Id, Now + 60_000));

        Assert.True(await Store.ApplyAsync(t, Now + 3));

        Assert.Equal(finished, await Store.GetEventAsync(finished.InternalId));
        var created = await GetRunAsync(handler.RunId);
        Assert.Equal("app-on-finished", created.FunctionId);
        Assert.Equal(finished.InternalId, created.EventId);
        Assert.Null(await Store.GetRunAsync(duplicate.RunId));
        var discovery = Assert.Single(await Store.GetQueueItemsAsync(handler.RunId));
        Assert.Equal(QueueItemKind.Discovery, discovery.Kind);
        Assert.Equal(Now + 3, discovery.DueAt);
        Assert.Equal(RunStatus.Completed, (await GetRunAsync(run.RunId)).Status);
    }

    [Fact]
    public async Task Apply_EmitWithKeyAlreadyTaken_CreatesNoRun()
    {
        var (_, item) = await StartClaimedRunAsync();
        var earlier = NewEvent();
        var earlierRun = NewRunRecord(earlier, "app-fn-x");
        var first = new EventCommit();
        first.Events.Add(earlier);
        first.Runs.Add(new NewRun(earlierRun, "shared-key", Now + 60_000));
        await Store.CommitEventsAsync(first, Now);
        var emitted = NewEvent("app/next");
        var blocked = NewRunRecord(emitted, "app-fn-x");
        var t = Settle(item);
        t.Emit = new EventCommit();
        t.Emit.Events.Add(emitted);
        t.Emit.Runs.Add(new NewRun(blocked, "shared-key", Now + 60_000));

        Assert.True(await Store.ApplyAsync(t, Now + 1));

        Assert.NotNull(await Store.GetEventAsync(emitted.InternalId));
        Assert.Null(await Store.GetRunAsync(blocked.RunId));
    }

    [Fact]
    public async Task Apply_History_IsAppendedInOrder()
    {
        var (run, item) = await StartClaimedRunAsync();
        var t = Settle(item);
        t.History.Add(new HistoryEntry { RunId = run.RunId, At = Now + 1, Type = HistoryTypes.StepPlanned, StepId = "h1", StepName = "first", Attempt = 0 });
        t.History.Add(new HistoryEntry { RunId = run.RunId, At = Now + 2, Type = HistoryTypes.StepErrored, StepId = "h1", StepName = "first", Attempt = 2, Json = "{\"error\":\"boom\"}" });
        Assert.True(await Store.ApplyAsync(t, Now + 2));
        var end = Unleased(run.RunId);
        end.History.Add(new HistoryEntry { RunId = run.RunId, At = Now + 3, Type = HistoryTypes.RunCompleted, Json = "1" });
        Assert.True(await Store.ApplyAsync(end, Now + 3));

        var history = await Store.GetHistoryAsync(run.RunId);

        Assert.Equal([HistoryTypes.RunScheduled, HistoryTypes.StepPlanned, HistoryTypes.StepErrored, HistoryTypes.RunCompleted], history.Select(h => h.Type));
        Assert.Equal(t.History[1], history[2]);
        Assert.Equal(end.History[0], history[3]);
        Assert.Equal([Now, Now + 1, Now + 2, Now + 3], history.Select(h => h.At));
    }

    [Fact]
    public async Task GetHistory_OtherRunsEntries_AreNotReturned()
    {
        var a = await StartRunAsync();
        var b = await StartRunAsync();
        var t = Unleased(b.RunId);
        t.History.Add(new HistoryEntry { RunId = b.RunId, At = Now, Type = HistoryTypes.RunCompleted });
        Assert.True(await Store.ApplyAsync(t, Now));

        Assert.Single(await Store.GetHistoryAsync(a.RunId));
        Assert.Equal(2, (await Store.GetHistoryAsync(b.RunId)).Count);
        Assert.Empty(await Store.GetHistoryAsync("no-such-run"));
    }

    [Fact]
    public async Task ApplyMany_MixedTransitions_SucceedOrFailAlone()
    {
        var (runA, a) = await StartClaimedRunAsync(Worker);
        var (runB, b) = await StartClaimedRunAsync(OtherWorker);
        var (runC, c) = await StartClaimedRunAsync(Worker);
        var ta = Settle(a);
        ta.Memos.Add(("sa", "\"a\""));
        var tb = new RunTransition { RunId = b.RunId, ItemId = b.Id, Disposition = ItemDisposition.Delete, Owner = Worker };
        tb.Memos.Add(("sb", "\"b\""));
        var tc = Settle(c, ItemDisposition.Keep);
        tc.Memos.Add(("sc", "\"c\""));

        var results = await Store.ApplyManyAsync([ta, tb, tc], Now);

        Assert.Equal([true, false, true], results);
        Assert.Equal([("sa", "\"a\"")], (await Store.LoadRunStateAsync(runA.RunId))!.Steps);
        Assert.Empty((await Store.LoadRunStateAsync(runB.RunId))!.Steps);
        Assert.Equal([("sc", "\"c\"")], (await Store.LoadRunStateAsync(runC.RunId))!.Steps);
        Assert.Empty(await Store.GetQueueItemsAsync(runA.RunId));
        Assert.Single(await Store.GetQueueItemsAsync(runB.RunId));
        Assert.Single(await Store.GetQueueItemsAsync(runC.RunId));
    }

    [Fact]
    public async Task ApplyMany_Empty_ReturnsEmpty()
    {
        Assert.Empty(await Store.ApplyManyAsync([], Now));
    }

    [Fact]
    public async Task Claim_TwoDiscoveryItemsOfOneRun_OnlyOneLeasedAtATime()
    {
        var (run, running) = await StartClaimedRunAsync();
        var t = Unleased(run.RunId);
        t.Enqueue.Add(new NewQueueItem(QueueItemKind.Discovery, "step", Now, $"{run.RunId}:discovery"));
        t.Enqueue.Add(new NewQueueItem(QueueItemKind.SleepWake, "nap", Now, $"{run.RunId}:wake:nap"));
        Assert.True(await Store.ApplyAsync(t, Now));

        // While the first discovery is leased, neither the second discovery nor the wake of the same run is claimed.
        Assert.Empty(await Store.ClaimAsync(OtherWorker, Now + 1, Now + 30_000, 100));

        Assert.True(await Store.ApplyAsync(Settle(running), Now + 2));
        var next = Assert.Single(await Store.ClaimAsync(OtherWorker, Now + 3, Now + 30_000, 100));
        Assert.Equal(run.RunId, next.RunId);
        Assert.Empty(await Store.ClaimAsync(Worker, Now + 4, Now + 30_000, 100));
    }

    [Fact]
    public async Task Apply_StaleClaimBySameOwner_IsFencedByClaimCount()
    {
        // The same process lost its lease (no heartbeat) and claimed the item again: the first execution's
        // transition carries the old claim count and must not apply.
        var (run, first) = await StartClaimedRunAsync(Worker);
        var second = await ClaimOneAsync(run.RunId, Worker, now: Lease, leaseUntil: Lease + 30_000);
        Assert.Equal(first.Id, second.Id);
        var stale = Settle(first);
        stale.Memos.Add(("s1", "\"stale\""));

        Assert.False(await Store.ApplyAsync(stale, Lease + 1));
        Assert.Empty((await Store.LoadRunStateAsync(run.RunId))!.Steps);
        Assert.True(await Store.ApplyAsync(Settle(second), Lease + 2));
    }
}

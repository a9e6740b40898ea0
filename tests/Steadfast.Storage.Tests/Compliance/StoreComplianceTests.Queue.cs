namespace Steadfast.Storage.Tests.Compliance;

public abstract partial class StoreComplianceTests
{
    protected static RunTransition Reschedule(QueueItem item, long dueAt, int attempt) => new()
    {
        RunId = item.RunId,
        ItemId = item.Id,
        Owner = item.Owner,
        Disposition = ItemDisposition.Reschedule,
        RescheduleAt = dueAt,
        NextAttempt = attempt,
    };

    [Fact]
    public async Task Claim_DueItem_SetsOwnerLeaseAndClaims()
    {
        var run = await StartRunAsync();

        var claimed = Assert.Single(await Store.ClaimAsync(Worker, Now, Lease, 10));

        Assert.Equal(run.RunId, claimed.RunId);
        Assert.Equal(QueueItemKind.Discovery, claimed.Kind);
        Assert.Equal("step", claimed.StepId);
        Assert.Equal(Worker, claimed.Owner);
        Assert.Equal(Lease, claimed.DueAt);
        Assert.Equal(1, claimed.Claims);
        Assert.Equal(claimed, Assert.Single(await Store.GetQueueItemsAsync(run.RunId)));
    }

    [Fact]
    public async Task Claim_ItemNotYetDue_IsClaimedOnlyFromItsDueTime()
    {
        var (run, item) = await StartClaimedRunAsync();
        Assert.True(await Store.ApplyAsync(Reschedule(item, Now + 5_000, 1), Now));

        var early = await Store.ClaimAsync(OtherWorker, Now + 4_999, Now + 40_000, 10);
        var onTime = await Store.ClaimAsync(OtherWorker, Now + 5_000, Now + 40_000, 10);

        Assert.Empty(early);
        var claimed = Assert.Single(onTime);
        Assert.Equal(item.Id, claimed.Id);
        Assert.Equal(run.RunId, claimed.RunId);
        Assert.Equal(OtherWorker, claimed.Owner);
        Assert.Equal(Now + 40_000, claimed.DueAt);
        Assert.Equal(1, claimed.Attempt);
        Assert.Equal(2, claimed.Claims);
    }

    [Fact]
    public async Task Claim_MoreDueThanLimit_ClaimsAtMostLimit()
    {
        var runs = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            runs.Add((await StartRunAsync()).RunId);
        }

        var first = await Store.ClaimAsync(Worker, Now, Lease, 2);
        var second = await Store.ClaimAsync(OtherWorker, Now, Lease, 10);
        var third = await Store.ClaimAsync(OtherWorker, Now, Lease, 10);

        Assert.Equal(2, first.Count);
        Assert.Equal(3, second.Count);
        Assert.Empty(third);
        Assert.Equal(runs.Order(StringComparer.Ordinal), first.Concat(second).Select(i => i.RunId).Order(StringComparer.Ordinal));
        Assert.All(first, i => Assert.Equal(Worker, i.Owner));
        Assert.All(second, i => Assert.Equal(OtherWorker, i.Owner));
    }

    [Fact]
    public async Task Claim_WithLimit_TakesEarliestDueFirst()
    {
        var (_, late) = await StartClaimedRunAsync();
        var (_, early) = await StartClaimedRunAsync();
        Assert.True(await Store.ApplyAsync(Reschedule(late, Now + 2_000, 1), Now));
        Assert.True(await Store.ApplyAsync(Reschedule(early, Now + 1_000, 1), Now));

        var claimed = Assert.Single(await Store.ClaimAsync(OtherWorker, Now + 5_000, Now + 40_000, 1));

        Assert.Equal(early.Id, claimed.Id);
    }

    [Fact]
    public async Task Claim_UnexpiredLease_IsNotClaimedByAnotherOwner()
    {
        var (_, item) = await StartClaimedRunAsync();

        var claimed = await Store.ClaimAsync(OtherWorker, Lease - 1, Lease + 30_000, 10);

        Assert.Empty(claimed);
        var stored = await FindItemAsync(item.RunId, item.Id);
        Assert.Equal(Worker, stored!.Owner);
        Assert.Equal(1, stored.Claims);
    }

    [Fact]
    public async Task Claim_ExpiredLease_IsReclaimedByAnotherOwner()
    {
        var (_, item) = await StartClaimedRunAsync();

        var reclaimed = Assert.Single(await Store.ClaimAsync(OtherWorker, Lease, Lease + 30_000, 10));

        Assert.Equal(item.Id, reclaimed.Id);
        Assert.Equal(OtherWorker, reclaimed.Owner);
        Assert.Equal(Lease + 30_000, reclaimed.DueAt);
        Assert.Equal(2, reclaimed.Claims);
        Assert.Empty(await Store.ExtendLeasesAsync(Worker, [item.Id], Lease + 60_000));
    }

    [Fact]
    public async Task Claim_LimitZero_ClaimsNothing()
    {
        var run = await StartRunAsync();

        Assert.Empty(await Store.ClaimAsync(Worker, Now, Lease, 0));
        Assert.Null(Assert.Single(await Store.GetQueueItemsAsync(run.RunId)).Owner);
    }

    [Fact]
    public async Task Claim_EmptyQueue_ReturnsNothing()
    {
        Assert.Empty(await Store.ClaimAsync(Worker, Now, Lease, 10));
    }

    [Fact]
    public async Task ExtendLeases_OwnItems_ExtendsOnlyThose()
    {
        var (_, mine) = await StartClaimedRunAsync(Worker);
        var (_, theirs) = await StartClaimedRunAsync(OtherWorker);
        var (_, released) = await StartClaimedRunAsync(Worker);
        Assert.True(await Store.ApplyAsync(Reschedule(released, Now + 1_000, 1), Now));

        var held = await Store.ExtendLeasesAsync(Worker, [mine.Id, theirs.Id, released.Id, 987_654], Lease + 10_000);

        Assert.Equal([mine.Id], held);
        Assert.Equal(Lease + 10_000, (await FindItemAsync(mine.RunId, mine.Id))!.DueAt);
        Assert.Equal(Lease, (await FindItemAsync(theirs.RunId, theirs.Id))!.DueAt);
        Assert.Equal(OtherWorker, (await FindItemAsync(theirs.RunId, theirs.Id))!.Owner);
        var stillReleased = (await FindItemAsync(released.RunId, released.Id))!;
        Assert.Null(stillReleased.Owner);
        Assert.Equal(Now + 1_000, stillReleased.DueAt);
    }

    [Fact]
    public async Task ExtendLeases_ExtendedLease_IsNotClaimableAtOldExpiry()
    {
        var (_, item) = await StartClaimedRunAsync();
        await Store.ExtendLeasesAsync(Worker, [item.Id], Lease + 10_000);

        Assert.Empty(await Store.ClaimAsync(OtherWorker, Lease, Lease + 30_000, 10));
        Assert.Single(await Store.ClaimAsync(OtherWorker, Lease + 10_000, Lease + 40_000, 10));
    }

    [Fact]
    public async Task ExtendLeases_DeletedItem_IsNotReturned()
    {
        var (_, item) = await StartClaimedRunAsync();
        Assert.True(await Store.ApplyAsync(Settle(item), Now));

        Assert.Empty(await Store.ExtendLeasesAsync(Worker, [item.Id], Lease + 10_000));
    }

    [Fact]
    public async Task NextDueAt_EmptyQueue_IsNull()
    {
        Assert.Null(await Store.NextDueAtAsync());
    }

    [Fact]
    public async Task NextDueAt_WaitingItems_IsEarliestDueTime()
    {
        var (_, a) = await StartClaimedRunAsync();
        var (_, b) = await StartClaimedRunAsync();
        Assert.True(await Store.ApplyAsync(Reschedule(a, Now + 9_000, 1), Now));
        Assert.True(await Store.ApplyAsync(Reschedule(b, Now + 4_000, 1), Now));

        Assert.Equal(Now + 4_000, await Store.NextDueAtAsync());
    }

    [Fact]
    public async Task NextDueAt_LeasedItem_CountsAtItsLeaseExpiry()
    {
        // A leased item becomes due again when its lease expires (its worker may die), so it counts at that time.
        var (_, leased) = await StartClaimedRunAsync();
        var (_, waiting) = await StartClaimedRunAsync();
        Assert.True(await Store.ApplyAsync(Reschedule(waiting, Lease + 5_000, 1), Now));

        Assert.Equal(Lease, await Store.NextDueAtAsync());

        Assert.True(await Store.ApplyAsync(Settle(leased), Now));
        Assert.Equal(Lease + 5_000, await Store.NextDueAtAsync());
    }

    [Fact]
    public async Task GetQueueItems_SeveralRuns_ReturnsOnlyThatRunsItems()
    {
        var (run, item) = await StartClaimedRunAsync();
        var other = await StartRunAsync();
        var t = Settle(item, ItemDisposition.Keep);
        t.Enqueue.Add(new NewQueueItem(QueueItemKind.Step, "s1", Now, $"{run.RunId}:s1"));
        t.Enqueue.Add(new NewQueueItem(QueueItemKind.SleepWake, "s2", Now + 3_000, $"{run.RunId}:wake:s2"));
        Assert.True(await Store.ApplyAsync(t, Now));

        var items = (await Store.GetQueueItemsAsync(run.RunId)).OrderBy(i => i.Id).ToList();

        Assert.Equal(3, items.Count);
        Assert.All(items, i => Assert.Equal(run.RunId, i.RunId));
        Assert.Equal([QueueItemKind.Discovery, QueueItemKind.Step, QueueItemKind.SleepWake], items.Select(i => i.Kind));
        Assert.Equal(["step", "s1", "s2"], items.Select(i => i.StepId));
        Assert.Equal([Lease, Now, Now + 3_000], items.Select(i => i.DueAt));
        Assert.Equal([Worker, null, null], items.Select(i => i.Owner));
        Assert.Equal(other.RunId, Assert.Single(await Store.GetQueueItemsAsync(other.RunId)).RunId);
        Assert.Empty(await Store.GetQueueItemsAsync("no-such-run"));
    }
}

using Steadfast.Storage.Postgres;

namespace Steadfast.Storage.Tests.Postgres;

/// <summary>
/// Flow control decided by several nodes (stores) on one schema at the same time: a concurrency limit holds across
/// every node's claims, a rate limit or throttle is charged once per run however many nodes admit runs of the key, a
/// singleton key has one active run, debounce and batching build one pending run per key, and a pending run takes no
/// event once a node has claimed its discovery. Each test races real transactions of three stores (two writer
/// connections each): with the advisory locks of <c>sf_lock</c> and <c>sf_claim</c> turned into no-ops the claim and
/// admission tests fail (e.g. 6 leased at a limit of 3, 10–15 runs at a rate limit of 5, duplicate throttle slots), and
/// without the row lock on a pending run's discovery the batch/claim race test fails.
/// </summary>
[RequiresPostgres]
public sealed class PostgresFlowControlMultiNodeTests : PostgresNodesTest
{
    /// <summary>One event and one candidate run per event under <paramref name="flow"/>.</summary>
    private EventCommit NewCommit(RunFlow flow, int runs = 1)
    {
        var commit = new EventCommit();
        for (var i = 0; i < runs; i++)
        {
            var e = new StoredEvent { InternalId = NextId("E"), Id = "e", Name = "app/flow", Ts = Now, ReceivedAt = Now, Json = "{}" };
            commit.Events.Add(e);
            var run = new RunRecord { RunId = NextId("R"), FunctionId = "app-fn", EventId = e.InternalId, EventIds = [e.InternalId], CreatedAt = Now };
            commit.Runs.Add(new NewRun(run, null, 0) { Flow = flow });
        }

        return commit;
    }

    /// <summary>
    /// Sends <paramref name="count"/> one-run commits from three senders per node, each sending its share one after the
    /// other: a steady stream of small groups that overlap across nodes all the time (one burst would be grouped into a
    /// few large transactions that rarely overlap).
    /// </summary>
    private async Task<List<string>> CommitFromAllNodesAsync(PostgresStore[] nodes, int count, Func<int, RunFlow> flow)
    {
        var senders = nodes.Length * 3;
        var commits = Enumerable.Range(0, count).Select(i => NewCommit(flow(i))).ToList();
        var results = await Task.WhenAll(Enumerable.Range(0, senders).Select(s => Task.Run(async () =>
        {
            var created = new List<string>();
            for (var i = s; i < count; i += senders)
            {
                created.AddRange((await nodes[s % nodes.Length].CommitEventsAsync(commits[i], Now)).CreatedRunIds);
            }

            return created;
        })));
        return [.. results.SelectMany(r => r)];
    }

    private static RunTransition Settle(QueueItem item) => new() { RunId = item.RunId, ItemId = item.Id, Owner = item.Owner, ClaimCount = item.Claims };

    [Fact]
    public async Task Claim_ThreeNodesOnOneConcurrencyKey_NeverMoreThanTheLimitLeasedAtOnce()
    {
        const int Limit = 3;
        const int Runs = 120;
        var nodes = await OpenNodesAsync(3);
        await nodes[0].CommitEventsAsync(NewCommit(new RunFlow { StartAt = Now, Concurrency = [new("fn:app-fn", 1000), new("k:shared", Limit)] }, Runs), Now);

        // Counted after a claim committed and before its settle commits, so the count never exceeds the leases the
        // database holds: a maximum over the limit is a real violation, not a timing artefact.
        var live = 0;
        var max = 0;
        var done = 0;
        var perNode = new int[nodes.Length];
        await Task.WhenAll(nodes.Select((node, n) => Task.Run(async () =>
        {
            while (Volatile.Read(ref done) < Runs)
            {
                var batch = await node.ClaimAsync($"node-{n}", Now, Now + 60_000, 2);
                if (batch.Count == 0)
                {
                    await Task.Yield();
                    continue;
                }

                var current = Interlocked.Add(ref live, batch.Count);
                Engine.Diagnostics.AtomicMax.Update(ref max, current);
                Interlocked.Add(ref perNode[n], batch.Count);
                await Task.WhenAll(batch.Select(async item =>
                {
                    // Simulated step work while the lease is held, so leases of different nodes overlap.
                    await Task.Delay(Random.Shared.Next(1, 4));
                    Interlocked.Decrement(ref live);
                    Assert.True(await node.ApplyAsync(Settle(item), Now));
                    Interlocked.Increment(ref done);
                }));
            }
        })));

        Assert.Equal(Runs, done);
        Assert.InRange(max, 1, Limit);
        Assert.True(perNode.Count(c => c > 0) >= 2, $"only one node claimed ({string.Join(", ", perNode)}): the test did not race nodes");
    }

    [Fact]
    public async Task Claim_ThreeNodesOnAFullKey_TakeNothingUntilASlotIsFree()
    {
        var nodes = await OpenNodesAsync(3);
        await nodes[0].CommitEventsAsync(NewCommit(new RunFlow { StartAt = Now, Concurrency = [new("fn:app-fn", 2)] }, 10), Now);

        var first = await Task.WhenAll(nodes.Select((node, n) => Task.Run(() => node.ClaimAsync($"node-{n}", Now, Now + 60_000, 10))));
        Assert.Equal(2, first.Sum(b => b.Count));

        var again = await Task.WhenAll(nodes.Select((node, n) => Task.Run(() => node.ClaimAsync($"node-{n}", Now, Now + 60_000, 10))));
        Assert.Equal(0, again.Sum(b => b.Count));

        var held = first.First(b => b.Count > 0)[0];
        Assert.True(await nodes[0].ApplyAsync(Settle(held), Now));
        var freed = await Task.WhenAll(nodes.Select((node, n) => Task.Run(() => node.ClaimAsync($"node-{n}", Now, Now + 60_000, 10))));
        Assert.Equal(1, freed.Sum(b => b.Count));
    }

    [Fact]
    public async Task CommitEvents_RateLimitFromThreeNodesAtOnce_AdmitsExactlyTheLimit()
    {
        var nodes = await OpenNodesAsync(3);

        var created = await CommitFromAllNodesAsync(nodes, 90, _ => new RunFlow { StartAt = Now, Drops = [new GcraLimit("rate:app-fn:u1", 5, 60_000)] });

        Assert.Equal(5, created.Count);
    }

    [Fact]
    public async Task CommitEvents_ThrottleFromThreeNodesAtOnce_EveryRunGetsItsOwnSlot()
    {
        var nodes = await OpenNodesAsync(3);

        var created = await CommitFromAllNodesAsync(nodes, 60, _ => new RunFlow { StartAt = Now, Throttle = new GcraLimit("throttle:app-fn", 1, 10_000) });

        Assert.Equal(60, created.Count);
        var due = new List<long>();
        foreach (var runId in created)
        {
            due.Add(Assert.Single(await nodes[0].GetQueueItemsAsync(runId)).DueAt);
        }

        Assert.Equal(Enumerable.Range(0, 60).Select(i => Now + (i * 10_000L)), due.Order());
    }

    [Fact]
    public async Task CommitEvents_SingletonSkipFromThreeNodesAtOnce_CreatesOneRun()
    {
        var nodes = await OpenNodesAsync(3);

        var created = await CommitFromAllNodesAsync(nodes, 60, _ => new RunFlow { StartAt = Now, Singleton = new SingletonRule("singleton:app-fn", Cancel: false) });

        Assert.Single(created);
    }

    [Fact]
    public async Task CommitEvents_SingletonCancelFromThreeNodesAtOnce_LeavesExactlyOneRunNotCancelled()
    {
        var nodes = await OpenNodesAsync(3);

        var created = await CommitFromAllNodesAsync(nodes, 60, _ => new RunFlow { StartAt = Now, Singleton = new SingletonRule("singleton:app-fn", Cancel: true) });

        Assert.Equal(60, created.Count);
        var survivors = 0;
        foreach (var runId in created)
        {
            var cancels = (await nodes[1].GetQueueItemsAsync(runId)).Count(i => i.Kind == QueueItemKind.FlowCancel && i.StepId == "singleton");
            Assert.InRange(cancels, 0, 1);
            survivors += cancels == 0 ? 1 : 0;
        }

        Assert.Equal(1, survivors);
    }

    [Fact]
    public async Task CommitEvents_DebounceFromThreeNodesAtOnce_OneRunWithOneOfTheEvents()
    {
        var nodes = await OpenNodesAsync(3);
        var flow = new RunFlow { StartAt = Now + 10_000, Pending = new PendingRule("debounce:app-fn", Debounce: true, DelayMs: 10_000) };

        var created = await CommitFromAllNodesAsync(nodes, 60, _ => flow);

        var runId = Assert.Single(created);
        var run = await nodes[2].GetRunAsync(runId);
        Assert.Single(run!.EventIds);
        Assert.Equal(Now + 10_000, Assert.Single(await nodes[2].GetQueueItemsAsync(runId)).DueAt);
    }

    [Fact]
    public async Task CommitEvents_BatchFromThreeNodesAtOnce_FullBatchesHoldEveryEventOnce()
    {
        var nodes = await OpenNodesAsync(3);
        // Small batches: many batches open and close while other nodes are adding to them.
        var flow = new RunFlow { StartAt = Now + 60_000, Pending = new PendingRule("batch:app-fn", Debounce: false, MaxSize: 2) };

        var created = await CommitFromAllNodesAsync(nodes, 120, _ => flow);

        var sizes = new List<int>();
        var events = new List<string>();
        foreach (var runId in created)
        {
            var run = await nodes[0].GetRunAsync(runId);
            sizes.Add(run!.EventIds.Count);
            events.AddRange(run.EventIds);
        }

        Assert.Equal(Enumerable.Repeat(2, 60), sizes);
        Assert.Equal(120, events.Distinct().Count());
    }

    [Fact]
    public async Task CommitEvents_BatchJoinRacingAClaimOnAnotherNode_NeverAddsAnEventAfterTheClaim()
    {
        // Node 0 claims open batches as soon as they are due while nodes 1 and 2 add events: an event either joins a
        // batch before its discovery is claimed (and the claimed run has it) or starts the next batch, never both.
        var nodes = await OpenNodesAsync(3);
        var flow = new RunFlow { StartAt = Now, Pending = new PendingRule("batch:race", Debounce: false, MaxSize: 1000) };
        var atClaim = new Dictionary<string, int>();
        using var stop = new CancellationTokenSource();
        var claimer = Task.Run(async () =>
        {
            while (true)
            {
                var batch = await nodes[0].ClaimAsync("node-0", Now, Now + 60_000, 100);
                foreach (var item in batch)
                {
                    atClaim[item.RunId] = (await nodes[0].GetRunAsync(item.RunId))!.EventIds.Count;
                }

                if (batch.Count == 0 && stop.IsCancellationRequested)
                {
                    return;
                }
            }
        });

        var senders = Enumerable.Range(1, 2).Select(n => Task.Run(async () =>
        {
            for (var i = 0; i < 150; i++)
            {
                await nodes[n].CommitEventsAsync(NewCommit(flow), Now);
            }
        }));
        await Task.WhenAll(senders);
        await stop.CancelAsync();
        await claimer;

        var runs = await nodes[0].ListRunsAsync(new RunQuery { FunctionId = "app-fn", Limit = 1000 });
        Assert.Equal(300, runs.Sum(r => r.EventIds.Count));
        Assert.True(atClaim.Count > 1, "the claimer never raced the senders");
        foreach (var run in runs)
        {
            Assert.Equal(atClaim[run.RunId], run.EventIds.Count);
        }
    }
}

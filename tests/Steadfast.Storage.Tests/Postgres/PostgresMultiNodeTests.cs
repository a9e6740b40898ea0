using Steadfast.Engine;
using Steadfast.Storage.Postgres;

namespace Steadfast.Storage.Tests.Postgres;

/// <summary>
/// What only a shared database adds: several stores (nodes) on one schema at once. Claims never hand one item to
/// two nodes, an idempotency key (a cron tick, an event id) starts one run however many nodes race for it,
/// migrations run once when nodes start together, and a commit on one node wakes the others.
/// </summary>
[RequiresPostgres]
public sealed class PostgresMultiNodeTests : PostgresNodesTest
{
    [Fact]
    public async Task Claim_ThreeNodesAtOnce_NeverHandOneItemToTwoNodes()
    {
        var nodes = new[] { await OpenAsync(), await OpenAsync(), await OpenAsync() };
        await nodes[0].CommitEventsAsync(NewCommit(300), Now);

        var claimed = await Task.WhenAll(nodes.Select((node, n) => Task.Run(async () =>
        {
            var mine = new List<QueueItem>();
            while (true)
            {
                var batch = await node.ClaimAsync($"node-{n}", Now, Now + 30_000, 7);
                if (batch.Count == 0)
                {
                    return mine;
                }

                mine.AddRange(batch);
            }
        })));

        var all = claimed.SelectMany(c => c).ToList();
        Assert.Equal(300, all.Count);
        Assert.Equal(300, all.Select(i => i.Id).Distinct().Count());
        Assert.All(claimed, c => Assert.NotEmpty(c));
    }

    [Fact]
    public async Task CommitEvents_SameKeyFromThreeNodesAtOnce_CreatesExactlyOneRun()
    {
        // A cron tick (or an event id) fired by every node: the key is claimed once across the cluster.
        var nodes = new[] { await OpenAsync(), await OpenAsync(), await OpenAsync() };
        var commits = Enumerable.Range(0, 30).Select(_ => NewCommit(1, key: "app-fn:cron:2026-11-23T19:00")).ToList();

        var results = await Task.WhenAll(commits.Select((c, i) => nodes[i % 3].CommitEventsAsync(c, Now)));

        var created = results.SelectMany(r => r.CreatedRunIds).ToList();
        Assert.Single(created);
        Assert.Single(await nodes[1].ListRunsAsync(new RunQuery { FunctionId = "app-fn" }));
    }

    [Fact]
    public async Task Initialize_SeveralNodesOnAFreshSchema_MigrateOnce()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => new PostgresStore(Database.Options())).ToList();
        stores.ForEach(s => Track(s));

        await Task.WhenAll(stores.Select(s => s.InitializeAsync()));

        await using var connection = await Database.OpenConnectionAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("SELECT version FROM schema_version", connection);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(PostgresSchema.Migrations.Length, reader.GetInt32(0));
        Assert.False(await reader.ReadAsync());
    }

    [Fact]
    public async Task CommitEvents_OnOneNode_WakesTheOthersThroughNotify()
    {
        var woken = new SignalProbe();
        await OpenAsync(woken);
        var other = await OpenAsync();
        woken.Reset();

        await other.CommitEventsAsync(NewCommit(1), Now);

        await woken.Signalled.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Initialize_ExistingLeases_AreNotReleased()
    {
        // Unlike SQLite, a starting node cannot tell a dead owner from a live one: leases simply run out.
        var first = await OpenAsync();
        await first.CommitEventsAsync(NewCommit(1), Now);
        var item = Assert.Single(await first.ClaimAsync("node-a", Now, Now + 30_000, 10));

        var second = await OpenAsync();

        Assert.Empty(await second.ClaimAsync("node-b", Now + 1_000, Now + 31_000, 10));
        var reclaimed = Assert.Single(await second.ClaimAsync("node-b", Now + 30_000, Now + 60_000, 10));
        Assert.Equal(item.Id, reclaimed.Id);
        Assert.False(await first.ApplyAsync(new RunTransition { RunId = item.RunId, ItemId = item.Id, Owner = "node-a", ClaimCount = item.Claims }, Now + 30_001));
    }

    private sealed class SignalProbe : IWorkSignal
    {
        private TaskCompletionSource _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Signalled => Volatile.Read(ref _tcs).Task;

        public void Signal() => Volatile.Read(ref _tcs).TrySetResult();

        public void Reset() => Volatile.Write(ref _tcs, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}

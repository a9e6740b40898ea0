using System.Reflection;
using Microsoft.Data.Sqlite;
using Steadfast.Storage.Sqlite;

namespace Steadfast.Storage.Tests.Sqlite;

/// <summary>What only the SQLite store promises: a durable file, one owning process, group commit.</summary>
public sealed class SqliteStoreTests : IAsyncLifetime
{
    private const long Now = 1_700_000_000_000;
    private const long Lease = Now + 30_000;

    private readonly SqliteTestDatabase _database = new();
    private readonly List<SqliteStore> _stores = [];
    private int _sequence;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        _database.Delete();
    }

    private async Task<SqliteStore> OpenAsync(string synchronous = "FULL")
    {
        var store = await _database.OpenAsync(synchronous);
        _stores.Add(store);
        return store;
    }

    private async Task CloseAsync(SqliteStore store)
    {
        await store.DisposeAsync();
        _stores.Remove(store);
    }

    private string NextId(string kind) => $"01{kind}{Interlocked.Increment(ref _sequence):D6}";

    /// <summary>Commits <paramref name="count"/> runs in one commit and claims them all.</summary>
    private async Task<List<QueueItem>> StartClaimedRunsAsync(SqliteStore store, int count, string owner = "worker-a")
    {
        var trigger = new StoredEvent { InternalId = NextId("E"), Id = "evt", Name = "app/test", Ts = Now, ReceivedAt = Now, Json = "{\"name\":\"app/test\"}" };
        var commit = new EventCommit();
        commit.Events.Add(trigger);
        for (var i = 0; i < count; i++)
        {
            var run = new RunRecord { RunId = NextId("R"), FunctionId = "app-fn", EventId = trigger.InternalId, EventIds = [trigger.InternalId], CreatedAt = Now };
            commit.Runs.Add(new NewRun(run, null, 0));
        }

        Assert.Equal(count, (await store.CommitEventsAsync(commit, Now)).CreatedRunIds.Count);
        var claimed = (await store.ClaimAsync(owner, Now, Lease, count + 10)).ToList();
        Assert.Equal(count, claimed.Count);
        return claimed;
    }

    private static RunTransition Complete(QueueItem item, string memo)
    {
        var t = new RunTransition { RunId = item.RunId, ItemId = item.Id, Owner = item.Owner, Update = new RunUpdate { Status = RunStatus.Running, RequestVersion = 1 } };
        t.Memos.Add(("s1", memo));
        return t;
    }

    // The store keeps its writer private; these tests reach it (the type is internal and visible to tests) to read
    // the writer connection's own pragmas and to hold the writer busy so that requests pile up deterministically.
    private static SqliteWriter WriterOf(SqliteStore store) =>
        typeof(SqliteStore).GetField("_writer", BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(store) as SqliteWriter
        ?? throw new InvalidOperationException("SqliteStore._writer not found: update SqliteStoreTests.WriterOf.");

    /// <summary>Occupies the writer thread until the returned release is called; returns once it is occupied.</summary>
    private static async Task<(Task Held, Action Release)> HoldWriterAsync(SqliteStore store)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new ManualResetEventSlim();
        var held = WriterOf(store).WriteAsync(_ =>
        {
            started.SetResult();
            // Bounded so a failing test cannot hang the writer thread forever.
            release.Wait(TimeSpan.FromSeconds(30));
            return 0;
        });
        await started.Task;
        return (held, release.Set);
    }

    private static async Task<long> PragmaOnWriterAsync(SqliteStore store, string pragma) =>
        await WriterOf(store).WriteAsync(w =>
        {
            using var cmd = w.Connection.CreateCommand();
            cmd.CommandText = $"PRAGMA {pragma}";
            return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        });

    [Fact]
    public async Task Reopen_AfterDispose_KeepsRunsEventsStepsAndItems()
    {
        var store = await OpenAsync();
        var item = Assert.Single(await StartClaimedRunsAsync(store, 1));
        var t = new RunTransition { RunId = item.RunId, ItemId = item.Id, Owner = item.Owner, Disposition = ItemDisposition.Reschedule, RescheduleAt = Now + 5_000, NextAttempt = 1 };
        t.Memos.Add(("s1", "\"kept\""));
        Assert.True(await store.ApplyAsync(t, Now));
        var before = (await store.LoadRunStateAsync(item.RunId))!;
        await CloseAsync(store);

        var reopened = await OpenAsync();

        var after = (await reopened.LoadRunStateAsync(item.RunId))!;
        // RunRecord holds a list, so compare it apart from the other fields.
        Assert.Equal(before.Run with { EventIds = [] }, after.Run with { EventIds = [] });
        Assert.Equal(before.Run.EventIds, after.Run.EventIds);
        Assert.Equal(1, after.Run.StepCount);
        Assert.Equal(before.EventsJson, after.EventsJson);
        Assert.Equal([("s1", "\"kept\"")], after.Steps);
        var stored = Assert.Single(await reopened.GetQueueItemsAsync(item.RunId));
        Assert.Equal(Now + 5_000, stored.DueAt);
        Assert.Equal(1, stored.Attempt);
        Assert.Equal(HistoryTypes.RunScheduled, Assert.Single(await reopened.GetHistoryAsync(item.RunId)).Type);
    }

    [Fact]
    public async Task Initialize_NewFile_UsesWalJournal()
    {
        await OpenAsync();

        using var connection = _database.OpenConnection();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", cmd.ExecuteScalar() as string);
    }

    [Fact]
    public async Task Initialize_Default_SetsSynchronousFullOnWriter()
    {
        // synchronous is a per-connection setting, so it is read on the writer's own connection.
        var store = await OpenAsync();

        Assert.Equal(2, await PragmaOnWriterAsync(store, "synchronous"));
    }

    [Fact]
    public async Task Initialize_SynchronousNormalOption_SetsNormalOnWriter()
    {
        var store = await OpenAsync("NORMAL");

        Assert.Equal(1, await PragmaOnWriterAsync(store, "synchronous"));
    }

    [Fact]
    public async Task Commit_Completed_IsVisibleToAnotherConnection()
    {
        var store = await OpenAsync();
        var items = await StartClaimedRunsAsync(store, 3);

        using var connection = _database.OpenConnection();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM runs";

        Assert.Equal(3L, cmd.ExecuteScalar());
        Assert.Equal(3, items.Count);
    }

    [Fact]
    public async Task Reopen_LeasesOfDeadOwner_AreReleasedAndDueImmediately()
    {
        var store = await OpenAsync();
        var items = await StartClaimedRunsAsync(store, 2, owner: "dead-worker");
        var waiting = items[1];
        Assert.True(await store.ApplyAsync(new RunTransition { RunId = waiting.RunId, ItemId = waiting.Id, Owner = waiting.Owner, Disposition = ItemDisposition.Reschedule, RescheduleAt = Now + 60_000, NextAttempt = 1 }, Now));
        await CloseAsync(store);

        var reopened = await OpenAsync();

        var released = Assert.Single(await reopened.GetQueueItemsAsync(items[0].RunId));
        Assert.Null(released.Owner);
        Assert.True(released.DueAt <= Now, $"Released item due at {released.DueAt}, expected due immediately.");
        var untouched = Assert.Single(await reopened.GetQueueItemsAsync(waiting.RunId));
        Assert.Equal(Now + 60_000, untouched.DueAt);
        var reclaimed = Assert.Single(await reopened.ClaimAsync("new-worker", Now, Lease, 10));
        Assert.Equal(items[0].Id, reclaimed.Id);
        Assert.Equal(2, reclaimed.Claims);
        Assert.False(await reopened.ApplyAsync(new RunTransition { RunId = items[0].RunId, ItemId = items[0].Id, Owner = "dead-worker" }, Now));
    }

    [Fact]
    public async Task Initialize_FileHeldByAnotherStore_Throws()
    {
        var first = await OpenAsync();
        var second = new SqliteStore(new SqliteStoreOptions { Path = _database.Path });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => second.InitializeAsync());
        await second.DisposeAsync();

        Assert.Contains("in use", error.Message, StringComparison.Ordinal);
        Assert.Single(await StartClaimedRunsAsync(first, 1));
    }

    [Fact]
    public async Task Initialize_AfterPreviousStoreDisposed_Succeeds()
    {
        var first = await OpenAsync();
        await StartClaimedRunsAsync(first, 1);
        await CloseAsync(first);

        var second = await OpenAsync();

        Assert.Single(await second.ListRunsAsync(new RunQuery()));
    }

    [Fact]
    public async Task ApplyAsync_ManyConcurrent_AreGroupedIntoOneCommitAndAllSucceed()
    {
        var store = await OpenAsync();
        var items = await StartClaimedRunsAsync(store, 200);
        var (held, release) = await HoldWriterAsync(store);
        var commitsBefore = store.Commits;
        var writesBefore = store.Writes;
        Task<bool>[] pending;
        try
        {
            // Submitted from many threads while the writer is busy: they must all wait for the next group.
            var submitted = items.Select(i => Task.Factory.StartNew(() => store.ApplyAsync(Complete(i, $"\"{i.Id}\""), Now), CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default)).ToArray();
            pending = await Task.WhenAll(submitted);
        }
        finally
        {
            release();
        }

        await held;
        var results = await Task.WhenAll(pending);

        Assert.All(results, Assert.True);
        Assert.Equal(201, store.Writes - writesBefore);
        Assert.Equal(2, store.Commits - commitsBefore);
        foreach (var item in items.Take(20))
        {
            var state = (await store.LoadRunStateAsync(item.RunId))!;
            Assert.Equal([("s1", $"\"{item.Id}\"")], state.Steps);
            Assert.Equal(RunStatus.Running, state.Run.Status);
            Assert.Empty(await store.GetQueueItemsAsync(item.RunId));
        }
    }

    [Fact]
    public async Task ApplyAsync_OneFailingWriteInGroup_DoesNotUndoTheOthers()
    {
        var store = await OpenAsync();
        var items = await StartClaimedRunsAsync(store, 5);
        var bad = Complete(items[2], "\"bad\"");
        var broken = new RunTransition
        {
            RunId = bad.RunId,
            ItemId = bad.ItemId,
            Owner = bad.Owner,
            Update = bad.Update,
            Disposition = (ItemDisposition)42,
        };
        broken.Memos.AddRange(bad.Memos);
        var (held, release) = await HoldWriterAsync(store);
        var commitsBefore = store.Commits;
        Task<bool>[] good;
        Task<bool> failing;
        try
        {
            good = [store.ApplyAsync(Complete(items[0], "0"), Now), store.ApplyAsync(Complete(items[1], "1"), Now)];
            failing = store.ApplyAsync(broken, Now);
            good = [.. good, store.ApplyAsync(Complete(items[3], "3"), Now), store.ApplyAsync(Complete(items[4], "4"), Now)];
        }
        finally
        {
            release();
        }

        await held;

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => failing);
        Assert.All(await Task.WhenAll(good), Assert.True);
        Assert.Equal(2, store.Commits - commitsBefore);
        foreach (var (item, memo) in new[] { (items[0], "0"), (items[1], "1"), (items[3], "3"), (items[4], "4") })
        {
            Assert.Equal([("s1", memo)], (await store.LoadRunStateAsync(item.RunId))!.Steps);
            Assert.Empty(await store.GetQueueItemsAsync(item.RunId));
        }

        // The failed transition left no trace: no memo, no run update, the item still held.
        var untouched = (await store.LoadRunStateAsync(items[2].RunId))!;
        Assert.Empty(untouched.Steps);
        Assert.Equal(0, untouched.Run.StepCount);
        Assert.Equal(RunStatus.Queued, untouched.Run.Status);
        Assert.Equal(-1, untouched.Run.RequestVersion);
        Assert.Equal([items[2]], await store.GetQueueItemsAsync(items[2].RunId));
    }

    [Fact]
    public async Task Initialize_NotCalled_WritesThrow()
    {
        await using var store = new SqliteStore(new SqliteStoreOptions { Path = _database.Path });

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.ClaimAsync("w", Now, Lease, 1));
    }
}

namespace Steadfast.Storage.Tests.Compliance;

/// <summary>
/// The behaviour every <see cref="IEngineStore"/> backend must have, written once and inherited by one subclass per
/// backend (Wolverine's compliance suites). Backend-neutral on purpose: it talks to the store only through the
/// contract, never through SQL. Each test gets a fresh, initialized store and a fixed fake clock (<see cref="Now"/>):
/// the store takes time as parameters, so no real waiting is needed.
/// </summary>
public abstract partial class StoreComplianceTests : IAsyncLifetime
{
    protected const long Now = 1_700_000_000_000;
    protected const long Lease = Now + 30_000;
    protected const string Worker = "worker-a";
    protected const string OtherWorker = "worker-b";

    // Ids sort in creation order (like ULIDs), so "newest first" and cursors can be asserted.
    private readonly string _prefix = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
    private int _sequence;
    private IEngineStore? _store;

    protected IEngineStore Store => _store ?? throw new InvalidOperationException("The store is not initialized.");

    /// <summary>A new, initialized store over empty storage of its own.</summary>
    protected abstract Task<IEngineStore> CreateStoreAsync();

    /// <summary>Removes what <see cref="CreateStoreAsync"/> created (files, schemas), after the store is disposed.</summary>
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

    protected string NextId(string kind) => $"01{kind}{_prefix}{Interlocked.Increment(ref _sequence):D6}";

    protected StoredEvent NewEvent(string name = "app/user.created", long receivedAt = Now)
    {
        var internalId = NextId("E");
        return new StoredEvent
        {
            InternalId = internalId,
            Id = "sender-" + internalId,
            Name = name,
            Ts = receivedAt - 7,
            ReceivedAt = receivedAt,
            Json = $$"""{"name":"{{name}}","data":{},"id":"{{internalId}}","ts":{{receivedAt - 7}}}""",
        };
    }

    protected RunRecord NewRunRecord(StoredEvent trigger, string functionId = "app-fn", long createdAt = Now) => new()
    {
        RunId = NextId("R"),
        FunctionId = functionId,
        EventId = trigger.InternalId,
        EventIds = [trigger.InternalId],
        Status = RunStatus.Queued,
        CreatedAt = createdAt,
    };

    /// <summary>Commits one event and one run for it (no idempotency key) and checks the run was created.</summary>
    protected async Task<RunRecord> StartRunAsync(string functionId = "app-fn", long createdAt = Now, string eventName = "app/user.created")
    {
        var trigger = NewEvent(eventName, createdAt);
        var run = NewRunRecord(trigger, functionId, createdAt);
        var commit = new EventCommit();
        commit.Events.Add(trigger);
        commit.Runs.Add(new NewRun(run, null, 0));
        var result = await Store.CommitEventsAsync(commit, createdAt);
        Assert.Equal([run.RunId], result.CreatedRunIds);
        return run;
    }

    /// <summary>Starts a run and claims its discovery item.</summary>
    protected async Task<(RunRecord Run, QueueItem Item)> StartClaimedRunAsync(string owner = Worker)
    {
        var run = await StartRunAsync();
        var item = await ClaimOneAsync(run.RunId, owner);
        return (run, item);
    }

    /// <summary>Claims everything due and returns the single claimed item of <paramref name="runId"/>.</summary>
    protected async Task<QueueItem> ClaimOneAsync(string runId, string owner = Worker, long now = Now, long leaseUntil = Lease)
    {
        var claimed = await Store.ClaimAsync(owner, now, leaseUntil, 100);
        return Assert.Single(claimed, i => i.RunId == runId);
    }

    /// <summary>A transition that settles <paramref name="item"/> as its current owner.</summary>
    protected static RunTransition Settle(QueueItem item, ItemDisposition disposition = ItemDisposition.Delete) => new()
    {
        RunId = item.RunId,
        ItemId = item.Id,
        Owner = item.Owner,
        ClaimCount = item.Claims,
        Disposition = disposition,
    };

    /// <summary>A transition tied to no item (like a cancel), so memos and updates can be written without a lease.</summary>
    protected static RunTransition Unleased(string runId) => new() { RunId = runId };

    protected async Task<QueueItem?> FindItemAsync(string runId, long itemId) =>
        (await Store.GetQueueItemsAsync(runId)).SingleOrDefault(i => i.Id == itemId);

    protected async Task<RunRecord> GetRunAsync(string runId) =>
        await Store.GetRunAsync(runId) ?? throw new InvalidOperationException($"Run {runId} not found.");
}

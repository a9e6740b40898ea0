namespace Steadfast.Engine.Storage;

/// <summary>
/// The storage contract: one behaviour, two backends (SQLite embedded, PostgreSQL shared), checked by one compliance
/// suite. Every write is one transaction; a completed task means committed.
/// </summary>
public interface IEngineStore : IAppStore, IHistoryRetention, IAsyncDisposable
{
    /// <summary>Creates or migrates the schema and recovers work held by a dead owner where the backend can tell.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores events and creates the runs whose idempotency keys are free, each with a discovery item.</summary>
    Task<EventCommitResult> CommitEventsAsync(EventCommit commit, long now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims up to <paramref name="limit"/> items due at <paramref name="now"/> (including items whose lease expired):
    /// sets the owner and moves the due time to the lease expiry <paramref name="leaseUntil"/>.
    /// </summary>
    Task<IReadOnlyList<QueueItem>> ClaimAsync(string owner, long now, long leaseUntil, int limit, CancellationToken cancellationToken = default);

    /// <summary>Extends leases still held by <paramref name="owner"/>; returns the ids still held.</summary>
    Task<IReadOnlyList<long>> ExtendLeasesAsync(string owner, IReadOnlyCollection<long> itemIds, long leaseUntil, CancellationToken cancellationToken = default);

    /// <summary>Applies a transition atomically; false (and nothing written) when the item's lease is no longer held or a precondition failed.</summary>
    Task<bool> ApplyAsync(RunTransition transition, long now, CancellationToken cancellationToken = default);

    /// <summary>Applies several independent transitions; each succeeds or fails alone. Results in order.</summary>
    Task<IReadOnlyList<bool>> ApplyManyAsync(IReadOnlyList<RunTransition> transitions, long now, CancellationToken cancellationToken = default);

    /// <summary>The earliest due time of any item (a leased item counts at its lease expiry), or null when the queue is empty.</summary>
    Task<long?> NextDueAtAsync(CancellationToken cancellationToken = default);

    /// <summary>Loads a run with its events and memoized steps.</summary>
    Task<RunState?> LoadRunStateAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>A run by id.</summary>
    Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Runs matching a query, newest first.</summary>
    Task<IReadOnlyList<RunRecord>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken = default);

    /// <summary>An event by internal id.</summary>
    Task<StoredEvent?> GetEventAsync(string internalId, CancellationToken cancellationToken = default);

    /// <summary>Events matching a query, newest first.</summary>
    Task<IReadOnlyList<StoredEvent>> ListEventsAsync(EventQuery query, CancellationToken cancellationToken = default);

    /// <summary>The history of a run, oldest first.</summary>
    Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>All pauses, to rebuild the in-memory pause index at start-up.</summary>
    Task<IReadOnlyList<PauseRecord>> ListPausesAsync(CancellationToken cancellationToken = default);

    /// <summary>Queue items of a run (for inspection and tests).</summary>
    Task<IReadOnlyList<QueueItem>> GetQueueItemsAsync(string runId, CancellationToken cancellationToken = default);
}

namespace Steadfast.Engine.Storage;

/// <summary>
/// History retention, part of the storage contract (<see cref="IEngineStore"/> includes it): removes old history in
/// small batches, off the hot path, without touching work that is still going on.
/// </summary>
public interface IHistoryRetention
{
    /// <summary>
    /// Deletes at most <paramref name="batchSize"/> ended runs (completed, failed, cancelled) that ended before
    /// <paramref name="before"/> (unix ms) with their steps, history, items and pauses; at most
    /// <paramref name="batchSize"/> events received before <paramref name="before"/> that no active run can still need
    /// (events received before the oldest active run was created); expired idempotency keys; and flow-control state
    /// that no longer decides anything (GCRA arrival times before <paramref name="before"/>, singleton and pending-run
    /// keys whose run ended or started), never changing a later <see cref="RunFlow"/> decision. Active runs and
    /// their events are never removed. Call again while a count equals the batch size.
    /// </summary>
    Task<PurgeResult> PurgeHistoryAsync(long before, int batchSize, CancellationToken cancellationToken = default);
}

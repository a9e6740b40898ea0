namespace Steadfast.Engine.Storage;

/// <summary>
/// Flow control for one candidate run, with every CEL key already evaluated by the engine. The store decides all of it
/// inside the commit transaction, in this order: <see cref="Drops"/> (idempotency, rate limit), <see cref="Pending"/>
/// (debounce, batch: join an open pending run instead of creating one), <see cref="Singleton"/>,
/// <see cref="Throttle"/>; then it creates the run with <see cref="Concurrency"/> and the timeout items.
/// </summary>
public sealed record RunFlow
{
    /// <summary>When the run's first discovery item is due (unix ms): priority shifts it, batches and debounces delay it.</summary>
    public long StartAt { get; init; }

    /// <summary>Limits that drop the run when exceeded (GCRA per key; a rate limit of 1 per 24 h is idempotency).</summary>
    public IReadOnlyList<GcraLimit> Drops { get; init; } = [];

    /// <summary>A limit that delays the start instead (GCRA; the discovery is due when the limit allows).</summary>
    public GcraLimit? Throttle { get; init; }

    /// <summary>At most two concurrency keys; every function-call item of the run carries them.</summary>
    public IReadOnlyList<ConcurrencyKey> Concurrency { get; init; } = [];

    /// <summary>Singleton: skip or cancel while another run with the key is active.</summary>
    public SingletonRule? Singleton { get; init; }

    /// <summary>Debounce or batch: join the open pending run of the key while its discovery is not claimed.</summary>
    public PendingRule? Pending { get; init; }

    /// <summary>When set: a <see cref="QueueItemKind.FlowCancel"/> item with step id <c>start</c> due then.</summary>
    public long? StartTimeoutAt { get; init; }

    /// <summary>When set: a <see cref="QueueItemKind.FlowCancel"/> item with step id <c>finish</c> due then.</summary>
    public long? FinishCheckAt { get; init; }
}

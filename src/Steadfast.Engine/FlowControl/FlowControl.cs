namespace Steadfast.Engine.FlowControl;

/// <summary>
/// A function's flow-control settings in Inngest's shape (reference §2.2, §9.7–9.9), parsed once by
/// <see cref="FlowControlParser"/> for synced apps and in-process functions alike. Every key is a CEL expression over
/// <c>event</c>.
/// </summary>
public sealed record FlowControl
{
    /// <summary>No flow control: the function-level default concurrency only.</summary>
    public static readonly FlowControl None = new();

    /// <summary>Function-level concurrency when none is configured (Inngest's default).</summary>
    public const int DefaultConcurrency = 1000;

    /// <summary>CEL key: one run per key per function within 24 h (a rate limit of 1 per 24 h).</summary>
    public string? Idempotency { get; init; }

    /// <summary>Drops runs over <c>limit</c> per <c>period</c> (per key).</summary>
    public RateSettings? RateLimit { get; init; }

    /// <summary>Delays run starts over <c>limit</c> per <c>period</c> (+ <c>burst</c>) per key; never drops.</summary>
    public RateSettings? Throttle { get; init; }

    /// <summary>One or two concurrency limits on running steps; empty means the function-level default.</summary>
    public IReadOnlyList<ConcurrencySettings> Concurrency { get; init; } = [];

    /// <summary>Last event wins; the run starts <c>period</c> after the last event, at most <c>timeout</c> after the first.</summary>
    public DebounceSettings? Debounce { get; init; }

    /// <summary>Collects events into one run.</summary>
    public BatchSettings? Batch { get; init; }

    /// <summary>CEL returning seconds (−600..600): higher runs earlier.</summary>
    public string? Priority { get; init; }

    /// <summary>Skip or cancel while a run with the same key is active.</summary>
    public SingletonSettings? Singleton { get; init; }

    /// <summary>Cancel a run not started within <c>Start</c> of being queued.</summary>
    public TimeSpan? StartTimeout { get; init; }

    /// <summary>Cancel a run not finished within <c>Finish</c> of starting.</summary>
    public TimeSpan? FinishTimeout { get; init; }
}

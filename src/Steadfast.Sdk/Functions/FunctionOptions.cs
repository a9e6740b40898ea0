namespace Steadfast.Sdk;

/// <summary>How a function is configured.</summary>
public sealed class FunctionOptions
{
    /// <summary>The function id, unique in the app (required).</summary>
    public string Id { get; set; } = "";

    /// <summary>A display name; defaults to the id.</summary>
    public string? Name { get; set; }

    /// <summary>One trigger (shorthand for <see cref="Triggers"/> with one entry).</summary>
    public FunctionTrigger? Trigger { get; set; }

    /// <summary>Triggers (at most 10).</summary>
    public IList<FunctionTrigger> Triggers { get; } = [];

    /// <summary>Events that cancel a running run (at most 5).</summary>
    public IList<CancelOn> CancelOn { get; } = [];

    /// <summary>Retries per step and per function call; default 4 (5 attempts). Range 0–20.</summary>
    public int Retries { get; set; } = 4;

    /// <summary>CEL key over <c>event</c>: at most one run per key value in 24 hours (default none).</summary>
    public string? Idempotency { get; set; }

    /// <summary>Drops runs over a rate (default none).</summary>
    public RateLimitOptions? RateLimit { get; set; }

    /// <summary>Delays run starts over a rate (default none).</summary>
    public ThrottleOptions? Throttle { get; set; }

    /// <summary>One or two concurrency limits on running steps (default: 1000 per function).</summary>
    public IList<ConcurrencyLimit> Concurrency { get; } = [];

    /// <summary>Debounce (default none).</summary>
    public DebounceOptions? Debounce { get; set; }

    /// <summary>Event batching (default none).</summary>
    public BatchOptions? BatchEvents { get; set; }

    /// <summary>CEL over <c>event</c> returning seconds (−600..600): higher runs earlier (default none).</summary>
    public string? Priority { get; set; }

    /// <summary>At most one active run per key (default none).</summary>
    public SingletonOptions? Singleton { get; set; }

    /// <summary>Cancel a run not started within this time of being queued (default none).</summary>
    public TimeSpan? StartTimeout { get; set; }

    /// <summary>Cancel a run not finished within this time of starting (default none).</summary>
    public TimeSpan? FinishTimeout { get; set; }

    internal IReadOnlyList<FunctionTrigger> AllTriggers() =>
        Trigger is null ? [.. Triggers] : [Trigger, .. Triggers];

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Id))
        {
            throw new ArgumentException("A function needs an id.");
        }

        if (Retries is < 0 or > 20)
        {
            throw new ArgumentOutOfRangeException(nameof(Retries), Retries, $"Function '{Id}': retries must be between 0 and 20.");
        }

        if (CancelOn.Count > 5)
        {
            throw new ArgumentException($"Function '{Id}' has {CancelOn.Count} cancelOn entries; at most 5 are allowed.");
        }

        if (Concurrency.Count > 2)
        {
            throw new ArgumentException($"Function '{Id}' has {Concurrency.Count} concurrency limits; at most 2 are allowed.");
        }

        var triggers = AllTriggers();
        if (triggers.Count is 0 or > 10)
        {
            throw new ArgumentException($"Function '{Id}' needs between 1 and 10 triggers, has {triggers.Count}.");
        }

        foreach (var t in triggers)
        {
            if (string.IsNullOrWhiteSpace(t.Event) == string.IsNullOrWhiteSpace(t.Cron))
            {
                throw new ArgumentException($"Function '{Id}': each trigger needs exactly one of an event name or a cron schedule.");
            }
        }
    }
}

namespace Steadfast.Sdk;

/// <summary>Debounce: the run starts <see cref="Period"/> after the last event (per key), with that event.</summary>
public sealed record DebounceOptions
{
    /// <summary>Quiet period (1 s – 7 days).</summary>
    public required TimeSpan Period { get; init; }

    /// <summary>Optional CEL key over <c>event</c>.</summary>
    public string? Key { get; init; }

    /// <summary>Longest delay from the first event, however many events keep arriving (default none).</summary>
    public TimeSpan? Timeout { get; init; }
}

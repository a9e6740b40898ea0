namespace Steadfast.Sdk;

/// <summary>Event batching: one run receives up to <see cref="MaxSize"/> events (<c>events</c>; <c>event</c> is the first).</summary>
public sealed record BatchOptions
{
    /// <summary>Events per run (1 – 100).</summary>
    public required int MaxSize { get; init; }

    /// <summary>How long a batch waits for more events after its first (1 s – 60 s).</summary>
    public required TimeSpan Timeout { get; init; }

    /// <summary>Optional CEL key over <c>event</c>: one batch per value.</summary>
    public string? Key { get; init; }

    /// <summary>Optional CEL condition: events for which it is false run at once, unbatched.</summary>
    public string? If { get; init; }
}

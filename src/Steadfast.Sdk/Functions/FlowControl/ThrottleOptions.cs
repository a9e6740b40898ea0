namespace Steadfast.Sdk;

/// <summary>Throttle: run starts over <see cref="Limit"/> per <see cref="Period"/> (per key) are delayed, never dropped.</summary>
public sealed record ThrottleOptions
{
    /// <summary>Run starts per period (≥ 1).</summary>
    public required int Limit { get; init; }

    /// <summary>The period (1 s – 7 days).</summary>
    public required TimeSpan Period { get; init; }

    /// <summary>Extra starts allowed at once on top of <see cref="Limit"/> (default 0).</summary>
    public int Burst { get; init; }

    /// <summary>Optional CEL key over <c>event</c>.</summary>
    public string? Key { get; init; }
}

namespace Steadfast.Sdk;

/// <summary>Rate limit: runs over <see cref="Limit"/> per <see cref="Period"/> (per key) are dropped.</summary>
public sealed record RateLimitOptions
{
    /// <summary>Runs per period (≥ 1).</summary>
    public required int Limit { get; init; }

    /// <summary>The period (1 s – 7 days).</summary>
    public required TimeSpan Period { get; init; }

    /// <summary>Optional CEL key over <c>event</c>.</summary>
    public string? Key { get; init; }
}

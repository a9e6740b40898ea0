namespace Steadfast.Engine.FlowControl;

/// <summary>A rate (rate limit or throttle): <paramref name="Limit"/> runs per <paramref name="Period"/> per key.</summary>
/// <param name="Limit">Runs per period (≥ 1).</param>
/// <param name="Period">The period.</param>
/// <param name="Key">Optional CEL key; null means one limit for the whole function.</param>
/// <param name="Burst">Throttle only: runs allowed at once on top of <paramref name="Limit"/> (default 0).</param>
public sealed record RateSettings(int Limit, TimeSpan Period, string? Key = null, int Burst = 0);

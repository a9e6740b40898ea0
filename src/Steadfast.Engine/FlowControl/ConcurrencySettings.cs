namespace Steadfast.Engine.FlowControl;

/// <summary>A concurrency limit: at most <paramref name="Limit"/> steps running at once per key value.</summary>
/// <param name="Limit">Running steps (≥ 1).</param>
/// <param name="Key">Optional CEL key evaluated per event.</param>
/// <param name="Scope">
/// <c>fn</c> (per function), <c>env</c> or <c>account</c>: the last two share the limit across functions using the same
/// key expression (there is one environment and one account per Steadfast server).
/// </param>
public sealed record ConcurrencySettings(int Limit, string? Key = null, string Scope = "fn");

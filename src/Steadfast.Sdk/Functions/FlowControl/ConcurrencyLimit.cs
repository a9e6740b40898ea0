namespace Steadfast.Sdk;

/// <summary>A concurrency limit: at most <see cref="Limit"/> steps of the function running at once (per key value).</summary>
public sealed record ConcurrencyLimit
{
    /// <summary>Steps running at once (≥ 1). Sleeping or waiting runs do not count.</summary>
    public required int Limit { get; init; }

    /// <summary>Optional CEL key over <c>event</c>, e.g. <c>event.data.userId</c>: one limit per value.</summary>
    public string? Key { get; init; }

    /// <summary>
    /// <c>fn</c> (default): per function; <c>env</c> or <c>account</c>: shared by every function using the same key
    /// expression (a key is required then).
    /// </summary>
    public string Scope { get; init; } = "fn";
}

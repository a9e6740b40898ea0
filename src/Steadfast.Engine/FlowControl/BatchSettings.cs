namespace Steadfast.Engine.FlowControl;

/// <summary>Event batching: one run for up to <paramref name="MaxSize"/> events or after <paramref name="Timeout"/>.</summary>
/// <param name="MaxSize">1 – 100.</param>
/// <param name="Timeout">1 s – 60 s from the first event of the batch.</param>
/// <param name="Key">Optional CEL key: one batch per key value.</param>
/// <param name="If">Optional CEL condition: events for which it is false run at once, unbatched.</param>
public sealed record BatchSettings(int MaxSize, TimeSpan Timeout, string? Key = null, string? If = null);

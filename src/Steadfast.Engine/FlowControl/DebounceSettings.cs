namespace Steadfast.Engine.FlowControl;

/// <summary>Debounce: the run starts <paramref name="Period"/> after the last event, with that event.</summary>
/// <param name="Period">1 s – 7 days.</param>
/// <param name="Key">Optional CEL key.</param>
/// <param name="Timeout">Caps the total delay from the first event.</param>
public sealed record DebounceSettings(TimeSpan Period, string? Key = null, TimeSpan? Timeout = null);

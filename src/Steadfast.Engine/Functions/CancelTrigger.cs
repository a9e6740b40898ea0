namespace Steadfast.Engine.Functions;

/// <summary>A <c>cancelOn</c> entry: an event that cancels a run while it has not ended.</summary>
/// <param name="Event">The event name.</param>
/// <param name="If">Optional CEL condition over <c>event</c> (the run's trigger) and <c>async</c> (the cancelling event).</param>
/// <param name="Timeout">How long the cancellation listens (default: one year).</param>
public sealed record CancelTrigger(string Event, string? If = null, TimeSpan? Timeout = null);

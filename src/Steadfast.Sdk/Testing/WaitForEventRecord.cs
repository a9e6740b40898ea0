using Steadfast.Protocol.Events;

namespace Steadfast.Sdk.Testing;

/// <summary>A <c>step.WaitForEvent</c> and how the simulated engine resolved it.</summary>
public sealed class WaitForEventRecord
{
    internal WaitForEventRecord(string stepId, string eventName, string? timeout, string? ifExpression, DateTimeOffset startedAt)
    {
        StepId = stepId;
        EventName = eventName;
        Timeout = timeout;
        If = ifExpression;
        StartedAt = startedAt;
    }

    /// <summary>The user's step id (with <c>:n</c> for repeats).</summary>
    public string StepId { get; }

    /// <summary>The awaited event name.</summary>
    public string EventName { get; }

    /// <summary>The timeout the SDK sent (<c>opts.timeout</c>).</summary>
    public string? Timeout { get; }

    /// <summary>The CEL condition the SDK sent (<c>opts.if</c>); the harness does not evaluate it.</summary>
    public string? If { get; }

    /// <summary>When the wait started (fake time).</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>When the wait ended, by the event or the timeout (fake time).</summary>
    public DateTimeOffset? ResolvedAt { get; internal set; }

    /// <summary>The event delivered to the step, or null when it timed out.</summary>
    public EventPayload? Event { get; internal set; }

    /// <summary>True when the wait ended without an event.</summary>
    public bool TimedOut => ResolvedAt is not null && Event is null;
}

namespace Steadfast.Engine.Storage;

/// <summary>
/// A run waiting for an event. Pauses are matched by the engine's in-memory index and consumed atomically in the
/// commit of the matching event (first match wins), or expire through their timeout item.
/// </summary>
public sealed record PauseRecord
{
    /// <summary>Deterministic id: <c>{runId}:{stepId}</c> for waits and invokes, <c>{runId}:cancel:{n}</c> for cancellations.</summary>
    public required string Id { get; init; }

    /// <summary>The run.</summary>
    public required string RunId { get; init; }

    /// <summary>What it waits for.</summary>
    public PauseKind Kind { get; init; }

    /// <summary>The hashed step id (waits and invokes).</summary>
    public string StepId { get; init; } = "";

    /// <summary>The event name to wait for.</summary>
    public required string EventName { get; init; }

    /// <summary>Optional CEL condition over <c>event</c> (the run's trigger) and <c>async</c> (the candidate).</summary>
    public string? Expression { get; init; }

    /// <summary>The run's triggering event JSON, bound to <c>event</c> in the expression.</summary>
    public string? TriggerJson { get; init; }

    /// <summary>When it expires (unix ms).</summary>
    public long ExpiresAt { get; init; }

    /// <summary>When it was created (unix ms): only events received at or after this match.</summary>
    public long CreatedAt { get; init; }

    /// <summary>The dedup key of this pause's timeout queue item.</summary>
    public string TimeoutDedupKey => $"{RunId}:timeout:{Id}";
}

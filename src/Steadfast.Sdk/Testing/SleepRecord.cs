namespace Steadfast.Sdk.Testing;

/// <summary>A durable sleep the simulated engine scheduled (and skipped over on its fake clock).</summary>
public sealed class SleepRecord
{
    internal SleepRecord(string stepId, string duration, DateTimeOffset scheduledAt, DateTimeOffset dueAt)
    {
        StepId = stepId;
        Duration = duration;
        ScheduledAt = scheduledAt;
        DueAt = dueAt;
    }

    /// <summary>The user's step id (with <c>:n</c> for repeats).</summary>
    public string StepId { get; }

    /// <summary>The duration or ISO instant the SDK sent, e.g. <c>3d</c> or <c>2030-01-01T00:00:00.000Z</c>.</summary>
    public string Duration { get; }

    /// <summary>When the sleep started (fake time).</summary>
    public DateTimeOffset ScheduledAt { get; }

    /// <summary>When the run woke up (fake time).</summary>
    public DateTimeOffset DueAt { get; }
}

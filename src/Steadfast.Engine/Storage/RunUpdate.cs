namespace Steadfast.Engine.Storage;

/// <summary>Changes to a run's record in a transition; null fields are left as they are.</summary>
public sealed record RunUpdate
{
    /// <summary>New status.</summary>
    public RunStatus? Status { get; init; }

    /// <summary>Output JSON (with a terminal status).</summary>
    public string? Output { get; init; }

    /// <summary>End time (unix ms).</summary>
    public long? EndedAt { get; init; }

    /// <summary>The request version the SDK answered with.</summary>
    public int? RequestVersion { get; init; }

    /// <summary>Set or clear force-step-plan.</summary>
    public bool? ForceStepPlan { get; init; }
}

namespace Steadfast.Engine.Storage;

/// <summary>A run of a function.</summary>
public sealed record RunRecord
{
    /// <summary>The run id (a ULID).</summary>
    public required string RunId { get; init; }

    /// <summary>The function's composite id.</summary>
    public required string FunctionId { get; init; }

    /// <summary>The internal id of the triggering event (the first of a batch).</summary>
    public required string EventId { get; init; }

    /// <summary>Internal ids of all events of the run, in order.</summary>
    public IReadOnlyList<string> EventIds { get; init; } = [];

    /// <summary>The state.</summary>
    public RunStatus Status { get; init; }

    /// <summary>When the run was created (unix ms).</summary>
    public long CreatedAt { get; init; }

    /// <summary>When the run ended (unix ms), if it did.</summary>
    public long? EndedAt { get; init; }

    /// <summary>Output JSON (return value, or the error for failed runs).</summary>
    public string? Output { get; init; }

    /// <summary>The request version the SDK answered (-1 before the first call).</summary>
    public int RequestVersion { get; init; } = -1;

    /// <summary>Whether calls are sent with <c>disable_immediate_execution</c>.</summary>
    public bool ForceStepPlan { get; init; }

    /// <summary>Number of memoized steps.</summary>
    public int StepCount { get; init; }

    /// <summary>Whether the run has ended.</summary>
    public bool IsTerminal => Status is RunStatus.Completed or RunStatus.Failed or RunStatus.Cancelled;
}

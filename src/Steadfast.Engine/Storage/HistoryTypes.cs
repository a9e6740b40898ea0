namespace Steadfast.Engine.Storage;

/// <summary>History entry types.</summary>
public static class HistoryTypes
{
    /// <summary>The run was created.</summary>
    public const string RunScheduled = "RunScheduled";

    /// <summary>A step returned a result.</summary>
    public const string StepCompleted = "StepCompleted";

    /// <summary>A step threw and will be retried.</summary>
    public const string StepErrored = "StepErrored";

    /// <summary>A step failed for good.</summary>
    public const string StepFailed = "StepFailed";

    /// <summary>Steps were planned.</summary>
    public const string StepPlanned = "StepPlanned";

    /// <summary>A sleep started.</summary>
    public const string SleepStarted = "SleepStarted";

    /// <summary>A wait, invoke or cancellation pause was created.</summary>
    public const string PauseCreated = "PauseCreated";

    /// <summary>A pause was matched by an event.</summary>
    public const string PauseResumed = "PauseResumed";

    /// <summary>A pause timed out.</summary>
    public const string PauseTimedOut = "PauseTimedOut";

    /// <summary>A function call failed and will be retried.</summary>
    public const string FunctionErrored = "FunctionErrored";

    /// <summary>The run completed.</summary>
    public const string RunCompleted = "RunCompleted";

    /// <summary>The run failed.</summary>
    public const string RunFailed = "RunFailed";

    /// <summary>The run was cancelled.</summary>
    public const string RunCancelled = "RunCancelled";
}

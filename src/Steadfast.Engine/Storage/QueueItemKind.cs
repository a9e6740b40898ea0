namespace Steadfast.Engine.Storage;

/// <summary>What a queue item asks the executor to do.</summary>
public enum QueueItemKind
{
    /// <summary>Call the function with <c>stepId=step</c>.</summary>
    Discovery = 0,

    /// <summary>Call the function to run one planned step.</summary>
    Step = 1,

    /// <summary>A sleep ended: memoize null for the step, then discovery.</summary>
    SleepWake = 2,

    /// <summary>A pause's deadline passed: if the pause still exists, consume it, memoize the timeout result, then discovery.</summary>
    PauseTimeout = 3,

    /// <summary>Cancel the run (a <c>cancelOn</c> event matched).</summary>
    Cancel = 4,

    /// <summary>
    /// Flow control may cancel the run. Step id <c>start</c>: cancel if it has not started (timeouts.start);
    /// <c>finish</c>: cancel if it has not finished within timeouts.finish of starting (rescheduled while not due);
    /// <c>singleton</c>: cancel, a newer singleton run replaced it.
    /// </summary>
    FlowCancel = 5,
}

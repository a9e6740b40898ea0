namespace Steadfast.Engine.Storage;

/// <summary>What a pause waits for.</summary>
public enum PauseKind
{
    /// <summary><c>step.waitForEvent</c>: the matching event becomes the step's result.</summary>
    WaitForEvent = 0,

    /// <summary><c>cancelOn</c>: the matching event cancels the run.</summary>
    Cancel = 1,

    /// <summary><c>step.invoke</c>: the invoked run's <c>function.finished</c> event resumes the step.</summary>
    Invoke = 2,
}

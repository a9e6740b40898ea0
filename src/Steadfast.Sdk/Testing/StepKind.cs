namespace Steadfast.Sdk.Testing;

/// <summary>The kind of a step as the engine sees it.</summary>
public enum StepKind
{
    /// <summary><c>step.Run</c>: a body run by the SDK.</summary>
    Run,

    /// <summary><c>step.SendEvent</c>: a run-type step that sends events.</summary>
    SendEvent,

    /// <summary><c>step.Sleep</c> / <c>step.SleepUntil</c>.</summary>
    Sleep,

    /// <summary><c>step.WaitForEvent</c>.</summary>
    WaitForEvent,
}

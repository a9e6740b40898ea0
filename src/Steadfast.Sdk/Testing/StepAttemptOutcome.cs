namespace Steadfast.Sdk.Testing;

/// <summary>What one attempt of a step produced.</summary>
public enum StepAttemptOutcome
{
    /// <summary>The step returned (a <c>StepRun</c> op).</summary>
    Succeeded,

    /// <summary>The step threw and will be retried (a <c>StepError</c> op with attempts left).</summary>
    Errored,

    /// <summary>The step failed for good (a <c>StepFailed</c> op, or a <c>StepError</c> on the last attempt).</summary>
    Failed,
}

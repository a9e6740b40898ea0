using Steadfast.Protocol.Calls;

namespace Steadfast.Sdk;

/// <summary>
/// Thrown in the handler when a step failed after all its attempts. Catch it to recover; left uncaught it fails
/// the run with the step's error.
/// </summary>
public sealed class StepFailedException : Exception
{
    /// <summary>Creates the exception for step <paramref name="stepId"/>.</summary>
    public StepFailedException(string stepId, SerializedError error)
        : base($"Step '{stepId}' failed: {error.Name}: {error.Message}")
    {
        StepId = stepId;
        Error = error;
    }

    /// <summary>The user's step id.</summary>
    public string StepId { get; }

    /// <summary>The step's final error as recorded by the engine.</summary>
    public SerializedError Error { get; }
}

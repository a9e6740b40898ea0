namespace Steadfast.Sdk;

/// <summary>
/// Thrown from a function or a step to fail now, without further retries. Inside a step it fails the step
/// for good (the handler sees a <see cref="StepFailedException"/>); outside it fails the run.
/// </summary>
public class NonRetriableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NonRetriableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

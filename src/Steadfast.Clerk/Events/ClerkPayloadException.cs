namespace Steadfast.Clerk.Events;

/// <summary>
/// Thrown when a Clerk webhook body is malformed. Not retriable: the same bytes will fail again, so hosts answer
/// 400 (or acknowledge and alert) rather than 500.
/// </summary>
public sealed class ClerkPayloadException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ClerkPayloadException"/> class.</summary>
    /// <param name="error">The specific problem.</param>
    /// <param name="message">A description safe to log (no payload contents).</param>
    /// <param name="innerException">The parser exception, if any.</param>
    public ClerkPayloadException(ClerkPayloadError error, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
    }

    /// <summary>Gets the specific problem.</summary>
    public ClerkPayloadError Error { get; }
}

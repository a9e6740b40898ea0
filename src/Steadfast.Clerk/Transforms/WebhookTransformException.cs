namespace Steadfast.Clerk.Transforms;

/// <summary>Thrown when a webhook transform cannot produce events. Not retriable with the same input.</summary>
public sealed class WebhookTransformException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="WebhookTransformException"/> class.</summary>
    /// <param name="error">The specific problem.</param>
    /// <param name="message">A description for the sender or the operator (may quote the script's own error message).</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public WebhookTransformException(WebhookTransformError error, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
    }

    /// <summary>Gets the specific problem.</summary>
    public WebhookTransformError Error { get; }
}

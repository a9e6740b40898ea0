namespace Steadfast.Clerk.Svix;

/// <summary>Thrown when a webhook signing secret is empty, not base64, or of an unsupported kind. Configuration errors, raised at start-up.</summary>
public sealed class WebhookSecretFormatException : FormatException
{
    /// <summary>Initializes a new instance of the <see cref="WebhookSecretFormatException"/> class.</summary>
    /// <param name="message">What is wrong with the secret; never contains the secret.</param>
    public WebhookSecretFormatException(string message)
        : base(message)
    {
    }
}

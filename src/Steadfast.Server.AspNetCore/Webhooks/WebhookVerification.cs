namespace Steadfast.Server.AspNetCore.Webhooks;

/// <summary>How a webhook source checks that a delivery comes from its sender.</summary>
public enum WebhookVerification
{
    /// <summary>
    /// Svix / Standard Webhooks signatures (Clerk, Resend, ...): <c>svix-*</c> or <c>webhook-*</c> headers, HMAC-SHA256
    /// with a <c>whsec_</c> secret, five-minute timestamp tolerance. A bad, missing or stale signature answers 401.
    /// </summary>
    Svix = 0,

    /// <summary>
    /// No verification by the server: the URL is the only credential, and a JavaScript transform may check a signature
    /// itself from <c>headers</c> and <c>raw</c> (throwing answers 400). Must be chosen explicitly; in start mode the
    /// server logs a warning at start-up for every such source.
    /// </summary>
    None = 1,
}

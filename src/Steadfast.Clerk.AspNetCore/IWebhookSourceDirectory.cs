namespace Steadfast.Clerk.AspNetCore;

/// <summary>
/// The webhook sources a server hosts (<c>POST /webhooks/{name}</c>), as the dashboard shows them. Registered by the
/// Steadfast server; never exposes a secret or a source key.
/// </summary>
public interface IWebhookSourceDirectory
{
    /// <summary>Gets the sources, in configuration order.</summary>
    IReadOnlyList<WebhookSourceInfo> Sources { get; }

    /// <summary>Gets how many requests named a source that does not exist (answered 404) since start.</summary>
    long UnknownSourceRequests { get; }
}

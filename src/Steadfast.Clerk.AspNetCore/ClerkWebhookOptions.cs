namespace Steadfast.Clerk.AspNetCore;

/// <summary>
/// Options of the Clerk webhook endpoint (<see cref="ClerkWebhookEndpointRouteBuilderExtensions.MapClerkWebhook"/>).
/// Validated when the host starts: a missing or malformed secret stops start-up with a message saying what to set.
/// </summary>
public sealed class ClerkWebhookOptions
{
    /// <summary>The environment variable Clerk's documentation uses for the secret, read by the sample application.</summary>
    public const string SigningSecretVariable = "CLERK_WEBHOOK_SIGNING_SECRET";

    /// <summary>
    /// Gets or sets the endpoint's signing secret from the Clerk dashboard (<c>whsec_...</c>; the prefix is optional).
    /// Required. During a key rotation put the new secret here and the old one in <see cref="PreviousSigningSecrets"/>.
    /// </summary>
    public string? SigningSecret { get; set; }

    /// <summary>Gets secrets that are still accepted during a rotation (never used to sign). Default empty.</summary>
    public IList<string> PreviousSigningSecrets { get; } = [];

    /// <summary>
    /// Gets or sets the largest accepted body in bytes; larger requests get 413 before anything is hashed.
    /// Default 1 MiB (Svix recommends senders stay far below). Range 1 byte to 64 MiB.
    /// </summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets how far the signed timestamp may be from now, either way. Default five minutes (every Svix library).</summary>
    public TimeSpan Tolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how many recent rejections <see cref="WebhookDeliveryLog"/> keeps for the dashboard. Default 100.</summary>
    public int DeliveryLogCapacity { get; set; } = 100;
}

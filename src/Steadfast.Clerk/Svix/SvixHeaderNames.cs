namespace Steadfast.Clerk.Svix;

/// <summary>The header names of Svix deliveries and of the unbranded Standard Webhooks family.</summary>
public static class SvixHeaderNames
{
    /// <summary>The Svix message id header, stable across retries of one message.</summary>
    public const string SvixId = "svix-id";

    /// <summary>The Svix timestamp header, Unix seconds of the delivery attempt.</summary>
    public const string SvixTimestamp = "svix-timestamp";

    /// <summary>The Svix signature header, space-separated <c>v1,&lt;base64&gt;</c> entries.</summary>
    public const string SvixSignature = "svix-signature";

    /// <summary>The Standard Webhooks message id header.</summary>
    public const string WebhookId = "webhook-id";

    /// <summary>The Standard Webhooks timestamp header.</summary>
    public const string WebhookTimestamp = "webhook-timestamp";

    /// <summary>The Standard Webhooks signature header.</summary>
    public const string WebhookSignature = "webhook-signature";
}

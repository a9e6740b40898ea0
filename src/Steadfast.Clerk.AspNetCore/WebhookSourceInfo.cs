namespace Steadfast.Clerk.AspNetCore;

/// <summary>One webhook source as the dashboard shows it: where it listens, how it verifies and transforms, and its deliveries. Holds no secret.</summary>
/// <param name="Name">The source name, the last segment of its URL.</param>
/// <param name="Path">The URL path deliveries are posted to, e.g. <c>/webhooks/clerk</c>.</param>
/// <param name="Verification"><c>svix</c> (Svix / Standard Webhooks signatures) or <c>none</c>.</param>
/// <param name="Transform"><c>clerk</c>, <c>default</c> (Inngest's default transform) or <c>javascript</c>.</param>
/// <param name="Deliveries">Outcome counters and the recent deliveries that were not accepted.</param>
public sealed record WebhookSourceInfo(string Name, string Path, string Verification, string Transform, WebhookDeliveryLog Deliveries)
{
    /// <summary>Gets how many signing secrets are accepted (more than one during a rotation); 0 without verification.</summary>
    public int SecretCount { get; init; }

    /// <summary>Gets the JavaScript transform's file name (not its directory), when the transform came from a file.</summary>
    public string? TransformFile { get; init; }

    /// <summary>Gets the largest accepted body, in bytes.</summary>
    public int MaxBodyBytes { get; init; }

    /// <summary>Gets the allowed event names (<c>*</c> ends a prefix pattern); empty when every event is allowed.</summary>
    public IReadOnlyList<string> AllowedEvents { get; init; } = [];

    /// <summary>Gets a value indicating whether the source is also reachable as <c>POST /e/{key}</c> (the key itself is never shown).</summary>
    public bool HasKey { get; init; }
}

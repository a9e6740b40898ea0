namespace Steadfast.Clerk.AspNetCore;

/// <summary>What a webhook endpoint or source answered to one delivery.</summary>
public enum WebhookDeliveryOutcome
{
    /// <summary>Verified, mapped and committed as an event (200).</summary>
    Accepted = 0,

    /// <summary>The signature or its headers did not verify, or the timestamp was outside the tolerance (401).</summary>
    Unauthorized,

    /// <summary>Signed, but the body is not a Clerk envelope (400).</summary>
    Malformed,

    /// <summary>The body was larger than the limit (413).</summary>
    TooLarge,

    /// <summary>The event could not be committed (500, so Svix retries).</summary>
    Failed,

    /// <summary>Verified and transformed, but the source's allow-list dropped every event (200, nothing committed; kept in the log).</summary>
    Filtered,
}

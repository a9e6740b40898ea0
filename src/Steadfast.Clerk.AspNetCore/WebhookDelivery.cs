namespace Steadfast.Clerk.AspNetCore;

/// <summary>One delivery as the dashboard shows it.</summary>
/// <param name="Timestamp">When the endpoint answered.</param>
/// <param name="SvixId">The <c>svix-id</c> (or <c>webhook-id</c>) header, when it was sent.</param>
/// <param name="Outcome">What the endpoint did.</param>
/// <param name="StatusCode">The HTTP status answered.</param>
/// <param name="Reason">Why it was rejected (a machine-readable code such as <c>NoMatchingSignature</c>); null when accepted.</param>
/// <param name="Message">A human-readable description; never contains the secret or the body.</param>
public sealed record WebhookDelivery(
    DateTimeOffset Timestamp, string? SvixId, WebhookDeliveryOutcome Outcome, int StatusCode, string? Reason, string Message);

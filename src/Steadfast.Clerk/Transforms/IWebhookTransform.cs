namespace Steadfast.Clerk.Transforms;

/// <summary>Turns one incoming webhook request into zero or more events.</summary>
public interface IWebhookTransform
{
    /// <summary>Transforms a request. Implementations are thread-safe and keep no state between calls.</summary>
    /// <param name="request">The request: raw body, headers and query parameters.</param>
    /// <param name="cancellationToken">Stops a running transform.</param>
    /// <returns>The events, in order; may be empty when the transform returns an empty array.</returns>
    /// <exception cref="WebhookTransformException">The input or the transform is bad; <see cref="WebhookTransformException.Error"/> says how. Answer 4xx.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    IReadOnlyList<TransformedEvent> Transform(WebhookTransformRequest request, CancellationToken cancellationToken = default);
}

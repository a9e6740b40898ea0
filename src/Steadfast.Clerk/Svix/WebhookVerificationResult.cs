namespace Steadfast.Clerk.Svix;

/// <summary>
/// The outcome of <see cref="SvixSignatureVerifier.Verify(ReadOnlySpan{byte}, WebhookHeaders)"/>: either success, with the
/// verified message id and timestamp, or a specific <see cref="Failure"/> and a message that is safe to log
/// (it never contains the secret or the body).
/// </summary>
public sealed class WebhookVerificationResult
{
    private WebhookVerificationResult(WebhookVerificationFailure failure, string message, string? headerName, string? messageId, long? timestamp)
    {
        Failure = failure;
        Message = message;
        HeaderName = headerName;
        MessageId = messageId;
        Timestamp = timestamp;
    }

    /// <summary>Gets a value indicating whether the delivery verified.</summary>
    public bool IsValid => Failure == WebhookVerificationFailure.None;

    /// <summary>Gets the reason verification failed, or <see cref="WebhookVerificationFailure.None"/> on success.</summary>
    public WebhookVerificationFailure Failure { get; }

    /// <summary>Gets a human-readable description of the outcome, safe to log and to return to the sender.</summary>
    public string Message { get; }

    /// <summary>Gets the header the failure is about (for example <c>svix-id</c>), when there is one.</summary>
    public string? HeaderName { get; }

    /// <summary>Gets the message id (<c>svix-id</c> or <c>webhook-id</c>) once the headers were read; the idempotency key of the delivery.</summary>
    public string? MessageId { get; }

    /// <summary>Gets the signed timestamp in Unix seconds, once it was parsed.</summary>
    public long? Timestamp { get; }

    /// <inheritdoc />
    public override string ToString() => IsValid ? $"Valid ({MessageId})" : $"{Failure}: {Message}";

    internal static WebhookVerificationResult Success(string messageId, long timestamp) =>
        new(WebhookVerificationFailure.None, "Signature verified", null, messageId, timestamp);

    internal static WebhookVerificationResult Fail(
        WebhookVerificationFailure failure, string message, string? headerName = null, string? messageId = null, long? timestamp = null) =>
        new(failure, message, headerName, messageId, timestamp);
}

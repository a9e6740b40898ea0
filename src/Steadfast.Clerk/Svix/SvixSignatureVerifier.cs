namespace Steadfast.Clerk.Svix;

/// <summary>
/// Verifies Svix / Standard Webhooks signatures (what Clerk sends): HMAC-SHA256 over <c>{id}.{timestamp}.{body}</c>,
/// several space-separated <c>v1,&lt;base64&gt;</c> entries per header (key rotation), a timestamp tolerance read from an
/// injected <see cref="TimeProvider"/>, and constant-time comparison. Thread-safe; create once per endpoint.
/// </summary>
/// <remarks>
/// Headers: the <c>svix-*</c> trio is used when all three are present; otherwise the <c>webhook-*</c> trio as a whole.
/// An id from one family is never combined with a signature from the other. Malformed or unknown-version entries
/// (<c>v1a</c>, <c>v2</c>, no comma) are skipped; verification still fails closed when nothing matches.
/// </remarks>
public sealed partial class SvixSignatureVerifier
{
    private readonly WebhookSecret[] _secrets;
    private readonly SvixVerificationOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly long _toleranceSeconds;

    /// <summary>Initializes a verifier with one or more secrets (several during rotation; the first one signs).</summary>
    /// <param name="secrets">The secrets; a delivery verifies when any <c>v1</c> entry matches any secret.</param>
    /// <param name="options">Limits and tolerance; defaults when null.</param>
    /// <param name="timeProvider">The clock for the tolerance check; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="secrets"/> is null.</exception>
    /// <exception cref="ArgumentException">No secret was given.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public SvixSignatureVerifier(IEnumerable<WebhookSecret> secrets, SvixVerificationOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        _secrets = [.. secrets];
        if (_secrets.Length == 0)
        {
            throw new ArgumentException("At least one webhook secret is required.", nameof(secrets));
        }

        foreach (var secret in _secrets)
        {
            ArgumentNullException.ThrowIfNull(secret, nameof(secrets));
        }

        _options = options ?? new SvixVerificationOptions();
        _options.Validate();
        _toleranceSeconds = (long)_options.Tolerance.TotalSeconds;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Initializes a verifier from serialized secrets (<c>whsec_...</c>, prefix optional).</summary>
    /// <param name="secrets">The serialized secrets.</param>
    /// <param name="options">Limits and tolerance; defaults when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="WebhookSecretFormatException">A secret is empty, not base64, or asymmetric.</exception>
    /// <exception cref="ArgumentException">No secret was given.</exception>
    public SvixSignatureVerifier(IEnumerable<string> secrets, SvixVerificationOptions? options = null, TimeProvider? timeProvider = null)
        : this(ParseAll(secrets), options, timeProvider)
    {
    }

    /// <summary>Initializes a verifier from one serialized secret.</summary>
    /// <param name="secret">The serialized secret (<c>whsec_...</c>, prefix optional).</param>
    /// <param name="options">Limits and tolerance; defaults when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <exception cref="WebhookSecretFormatException">The secret is empty, not base64, or asymmetric.</exception>
    public SvixSignatureVerifier(string secret, SvixVerificationOptions? options = null, TimeProvider? timeProvider = null)
        : this([WebhookSecret.Parse(secret)], options, timeProvider)
    {
    }

    /// <summary>Gets the options in force.</summary>
    public SvixVerificationOptions Options => _options;

    /// <summary>
    /// Verifies one delivery. Never throws for any body or header content: every problem is a failure result.
    /// </summary>
    /// <param name="body">The exact request body bytes, before any parsing.</param>
    /// <param name="headers">The request headers.</param>
    /// <returns>Success with the message id and timestamp, or the specific failure.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="headers"/> is null.</exception>
    public WebhookVerificationResult Verify(ReadOnlySpan<byte> body, WebhookHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (body.Length > _options.MaxBodyBytes)
        {
            return WebhookVerificationResult.Fail(
                WebhookVerificationFailure.BodyTooLarge, $"The body is larger than {_options.MaxBodyBytes} bytes.");
        }

        var read = SignatureHeaders.Read(headers, _options.MaxHeaderLength);
        if (read.Failure is { } failure)
        {
            return failure;
        }

        var (id, timestampText, signature) = (read.Id!, read.Timestamp!, read.Signature!);
        if (!SignedContent.IsValidMessageId(id))
        {
            return WebhookVerificationResult.Fail(
                WebhookVerificationFailure.InvalidMessageId, "The message id contains a full stop or a control character.", read.IdHeader);
        }

        if (!TimestampHeader.TryParse(timestampText, out var timestamp))
        {
            return WebhookVerificationResult.Fail(
                WebhookVerificationFailure.InvalidTimestamp, "The timestamp header is not a decimal number of seconds.", read.TimestampHeader, id);
        }

        var now = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        if (timestamp < now - _toleranceSeconds)
        {
            return WebhookVerificationResult.Fail(
                WebhookVerificationFailure.TimestampTooOld, "Message timestamp too old.", read.TimestampHeader, id, timestamp);
        }

        if (timestamp > now + _toleranceSeconds)
        {
            return WebhookVerificationResult.Fail(
                WebhookVerificationFailure.TimestampTooNew, "Message timestamp too new.", read.TimestampHeader, id, timestamp);
        }

        return SignatureMatcher.Match(_secrets, id, timestampText, body, signature, _options.MaxSignatures, read.SignatureHeader, timestamp);
    }

    /// <summary>
    /// Verifies one delivery against a secret given per call (for example one stored per webhook). An unusable secret
    /// is reported as <see cref="WebhookVerificationFailure.InvalidSecret"/> rather than thrown.
    /// </summary>
    /// <param name="secret">The serialized secret.</param>
    /// <param name="body">The exact request body bytes.</param>
    /// <param name="headers">The request headers.</param>
    /// <param name="options">Limits and tolerance; defaults when null.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <returns>The verification result.</returns>
    public static WebhookVerificationResult Verify(
        string? secret, ReadOnlySpan<byte> body, WebhookHeaders headers, SvixVerificationOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (!WebhookSecret.TryParse(secret, out var parsed, out var error))
        {
            return WebhookVerificationResult.Fail(WebhookVerificationFailure.InvalidSecret, error);
        }

        return new SvixSignatureVerifier([parsed], options, timeProvider).Verify(body, headers);
    }

    private static WebhookSecret[] ParseAll(IEnumerable<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        return [.. secrets.Select(WebhookSecret.Parse)];
    }
}

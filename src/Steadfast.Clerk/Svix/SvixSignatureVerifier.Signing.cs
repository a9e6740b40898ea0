using System.Globalization;

namespace Steadfast.Clerk.Svix;

/// <content>Signing, for senders (the CLI's <c>webhook send</c>) and tests.</content>
public sealed partial class SvixSignatureVerifier
{
    /// <summary>Signs a message with the first (current) secret.</summary>
    /// <param name="messageId">The message id; must not contain a full stop.</param>
    /// <param name="timestamp">The timestamp in Unix seconds.</param>
    /// <param name="body">The exact body bytes.</param>
    /// <returns>The signature entry <c>v1,&lt;base64&gt;</c>.</returns>
    /// <exception cref="ArgumentException">The message id is empty or invalid, or the timestamp is negative.</exception>
    public string Sign(string messageId, long timestamp, ReadOnlySpan<byte> body) => _secrets[0].Sign(messageId, timestamp, body);

    /// <summary>
    /// Signs a message with every configured secret, at the current time of the verifier's clock, and returns the
    /// three <c>svix-*</c> headers a Svix sender would set (one signature entry per secret, space-separated).
    /// </summary>
    /// <param name="messageId">The message id; must not contain a full stop.</param>
    /// <param name="body">The exact body bytes.</param>
    /// <returns>The headers.</returns>
    /// <exception cref="ArgumentException">The message id is empty or invalid.</exception>
    public WebhookHeaders CreateHeaders(string messageId, ReadOnlySpan<byte> body)
    {
        var timestamp = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var signatures = new string[_secrets.Length];
        for (var i = 0; i < _secrets.Length; i++)
        {
            signatures[i] = _secrets[i].Sign(messageId, timestamp, body);
        }

        return WebhookHeaders.FromSvix(messageId, timestamp.ToString(CultureInfo.InvariantCulture), string.Join(' ', signatures));
    }
}

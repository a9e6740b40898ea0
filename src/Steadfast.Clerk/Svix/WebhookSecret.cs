using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;

namespace Steadfast.Clerk.Svix;

/// <summary>
/// A symmetric Svix / Standard Webhooks signing secret: <c>whsec_</c> followed by the base64 of the key bytes. The
/// prefix is optional when parsing. <see cref="ToString"/> never reveals the key.
/// </summary>
public sealed class WebhookSecret
{
    /// <summary>The prefix of serialized symmetric secrets.</summary>
    public const string Prefix = "whsec_";

    private readonly byte[] _key;

    private WebhookSecret(byte[] key) => _key = key;

    /// <summary>Gets the number of key bytes.</summary>
    public int KeyLength => _key.Length;

    /// <summary>Parses a secret, with or without the <c>whsec_</c> prefix; surrounding whitespace is ignored.</summary>
    /// <param name="secret">The serialized secret.</param>
    /// <returns>The secret.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="secret"/> is null.</exception>
    /// <exception cref="WebhookSecretFormatException">The secret is empty, not base64, or asymmetric.</exception>
    public static WebhookSecret Parse(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return TryParse(secret, out var result, out var error) ? result : throw new WebhookSecretFormatException(error);
    }

    /// <summary>Tries to parse a secret, with or without the <c>whsec_</c> prefix.</summary>
    /// <param name="secret">The serialized secret.</param>
    /// <param name="result">The secret, when parsing succeeded.</param>
    /// <param name="error">Why parsing failed (never contains the secret), when it did.</param>
    /// <returns>Whether parsing succeeded.</returns>
    public static bool TryParse(string? secret, [NotNullWhen(true)] out WebhookSecret? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        var text = (secret ?? string.Empty).Trim();
        if (text.StartsWith("whsk_", StringComparison.Ordinal) || text.StartsWith("whpk_", StringComparison.Ordinal))
        {
            error = "Asymmetric (ed25519, v1a) webhook secrets are not supported; use a whsec_ secret.";
            return false;
        }

        if (text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            text = text[Prefix.Length..];
        }

        if (text.Length == 0)
        {
            error = "The webhook secret is empty.";
            return false;
        }

        var buffer = new byte[(text.Length * 3 / 4) + 3];
        if (text.AsSpan().IndexOfAny(" \t\r\n") >= 0
            || !Convert.TryFromBase64String(text, buffer, out var written))
        {
            error = "The webhook secret is not valid base64 after the whsec_ prefix.";
            return false;
        }

        if (written == 0)
        {
            error = "The webhook secret is empty.";
            return false;
        }

        result = new WebhookSecret(buffer.AsSpan(0, written).ToArray());
        CryptographicOperations.ZeroMemory(buffer);
        error = null;
        return true;
    }

    /// <summary>Creates a new random secret of 24 bytes, the size Svix issues.</summary>
    /// <returns>The secret.</returns>
    public static WebhookSecret Generate() => new(RandomNumberGenerator.GetBytes(24));

    /// <summary>Returns the serialized form, <c>whsec_</c> plus base64. Treat the result as a credential.</summary>
    /// <returns>The serialized secret.</returns>
    public string Reveal() => Prefix + Convert.ToBase64String(_key);

    /// <summary>Signs a message the way Svix does and returns the signature entry <c>v1,&lt;base64&gt;</c>.</summary>
    /// <param name="messageId">The message id (<c>svix-id</c>); must not contain a full stop.</param>
    /// <param name="timestamp">The timestamp in Unix seconds (<c>svix-timestamp</c>); must not be negative.</param>
    /// <param name="body">The exact body bytes.</param>
    /// <returns>The versioned signature, e.g. <c>v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=</c>.</returns>
    /// <exception cref="ArgumentException">The message id is empty or invalid, or the timestamp is negative.</exception>
    public string Sign(string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        ArgumentOutOfRangeException.ThrowIfNegative(timestamp);
        if (!SignedContent.IsValidMessageId(messageId))
        {
            throw new ArgumentException("A message id must not contain a full stop or control characters.", nameof(messageId));
        }

        Span<byte> mac = stackalloc byte[SignedContent.MacLength];
        SignedContent.ComputeMac(_key, messageId, timestamp.ToString(CultureInfo.InvariantCulture), body, mac);
        return SignedContent.VersionPrefix + Convert.ToBase64String(mac);
    }

    /// <summary>Returns a redacted description; the key is never shown.</summary>
    /// <returns><c>whsec_***</c> with the key length.</returns>
    public override string ToString() => $"{Prefix}*** ({_key.Length} bytes)";

    internal void ComputeMac(string messageId, string timestampText, ReadOnlySpan<byte> body, Span<byte> destination) =>
        SignedContent.ComputeMac(_key, messageId, timestampText, body, destination);
}

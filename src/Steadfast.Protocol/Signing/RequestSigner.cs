using System.Globalization;
using System.Security.Cryptography;

namespace Steadfast.Protocol.Signing;

/// <summary>
/// Request signatures, <c>X-Inngest-Signature: t=&lt;unix seconds&gt;&amp;s=&lt;hex&gt;</c> with
/// <c>s = hex(HMAC-SHA256(key, body + t))</c> (reference §7). Sign the exact bytes you send; the JS SDK verifies over the
/// JCS form of the body, so bodies sent to it must be JCS-canonical (<see cref="Json.JcsCanonicalizer"/>).
/// </summary>
public static class RequestSigner
{
    /// <summary>The header name.</summary>
    public const string HeaderName = "X-Inngest-Signature";

    /// <summary>How far a signature's timestamp may be from now. 5 minutes, as the SDKs check.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <summary>Signs <paramref name="body"/> at <paramref name="now"/>; returns the header value.</summary>
    public static string Sign(ReadOnlySpan<byte> body, SigningKey key, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        var t = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"t={t}&s={Mac(body, t, key)}";
    }

    /// <summary>
    /// Verifies <paramref name="header"/> over <paramref name="body"/> with each of <paramref name="keys"/> in order
    /// (primary, then fallback). Returns the key that verified, or null with the reason in <paramref name="error"/>.
    /// The comparison is constant-time.
    /// </summary>
    public static SigningKey? Verify(string? header, ReadOnlySpan<byte> body, DateTimeOffset now, IEnumerable<SigningKey?> keys, out string error)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (!TryParseHeader(header, out var t, out var s))
        {
            error = "missing or malformed X-Inngest-Signature";
            return null;
        }

        if (!long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ||
            Math.Abs(now.ToUnixTimeSeconds() - seconds) > (long)Tolerance.TotalSeconds)
        {
            error = "the signature has expired (its timestamp is more than 5 minutes from now)";
            return null;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(s);
        }
        catch (FormatException)
        {
            error = "the signature is not hex";
            return null;
        }

        foreach (var key in keys)
        {
            if (key is null)
            {
                continue;
            }

            var expected = Convert.FromHexString(Mac(body, t, key));
            if (CryptographicOperations.FixedTimeEquals(expected, given))
            {
                error = "";
                return key;
            }
        }

        error = "the signature does not match";
        return null;
    }

    /// <summary>Splits <c>t=…&amp;s=…</c>.</summary>
    public static bool TryParseHeader(string? header, out string timestamp, out string signature)
    {
        timestamp = signature = "";
        if (string.IsNullOrWhiteSpace(header))
        {
            return false;
        }

        foreach (var part in header.Split('&', StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("t=", StringComparison.Ordinal))
            {
                timestamp = part[2..];
            }
            else if (part.StartsWith("s=", StringComparison.Ordinal))
            {
                signature = part[2..];
            }
        }

        return timestamp.Length > 0 && signature.Length > 0;
    }

    private static string Mac(ReadOnlySpan<byte> body, string t, SigningKey key)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key.HmacKey);
        hmac.AppendData(body);
        Span<byte> tb = stackalloc byte[t.Length];
        for (var i = 0; i < t.Length; i++)
        {
            tb[i] = (byte)t[i];
        }

        hmac.AppendData(tb);
        return Convert.ToHexStringLower(hmac.GetHashAndReset());
    }
}

using System.Security.Cryptography;

namespace Steadfast.Clerk.Svix;

/// <summary>Compares the expected MAC of each secret with each <c>v1</c> entry of the signature header in constant time.</summary>
internal static class SignatureMatcher
{
    public static WebhookVerificationResult Match(
        WebhookSecret[] secrets,
        string id,
        string timestampText,
        ReadOnlySpan<byte> body,
        string signatureHeader,
        int maxSignatures,
        string signatureHeaderName,
        long timestamp)
    {
        var entries = signatureHeader.AsSpan();
        var entryCount = entries.Count(' ') + 1;
        if (entryCount > maxSignatures)
        {
            return WebhookVerificationResult.Fail(
                WebhookVerificationFailure.TooManySignatures,
                $"The {signatureHeaderName} header has more than {maxSignatures} entries.",
                signatureHeaderName,
                id,
                timestamp);
        }

        Span<byte> mac = stackalloc byte[SignedContent.MacLength];
        Span<byte> expected = stackalloc byte[SignedContent.Base64Length];
        Span<byte> candidate = stackalloc byte[SignedContent.Base64Length];
        foreach (var secret in secrets)
        {
            secret.ComputeMac(id, timestampText, body, mac);
            System.Buffers.Text.Base64.EncodeToUtf8(mac, expected, out _, out _);
            foreach (var range in entries.Split(' '))
            {
                if (TryGetV1Signature(entries[range], candidate) && CryptographicOperations.FixedTimeEquals(expected, candidate))
                {
                    return WebhookVerificationResult.Success(id, timestamp);
                }
            }
        }

        return WebhookVerificationResult.Fail(
            WebhookVerificationFailure.NoMatchingSignature, "No matching signature found.", signatureHeaderName, id, timestamp);
    }

    // Entries are "<version>,<base64>". Only exactly "v1" counts; entries without a comma, other versions (v1a, v2)
    // and values of the wrong length are skipped. The base64 text is compared as text, like every Svix library, so
    // non-canonical encodings (altered padding bits, embedded whitespace) never match.
    private static bool TryGetV1Signature(ReadOnlySpan<char> entry, Span<byte> destination)
    {
        var comma = entry.IndexOf(',');
        if (comma < 0 || !entry[..comma].SequenceEqual("v1"))
        {
            return false;
        }

        var value = entry[(comma + 1)..];
        if (value.Length != destination.Length)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            // Non-ASCII characters become 0, which never occurs in base64 text, so they cannot match.
            destination[i] = value[i] < 0x80 ? (byte)value[i] : (byte)0;
        }

        return true;
    }
}

using System.Security.Cryptography;
using System.Text;

namespace Steadfast.Clerk.Svix;

/// <summary>The Svix signature scheme: HMAC-SHA256 over <c>{id}.{timestamp}.{body}</c>, base64, prefixed with <c>v1,</c>.</summary>
internal static class SignedContent
{
    public const int MacLength = 32;

    // 32 bytes in padded base64.
    public const int Base64Length = 44;

    public const string VersionPrefix = "v1,";

    private static ReadOnlySpan<byte> FullStop => "."u8;

    public static void ComputeMac(byte[] key, string messageId, string timestampText, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        // Incremental so a 1 MiB body is hashed in place rather than copied into one concatenated buffer.
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Encoding.UTF8.GetBytes(messageId));
        hmac.AppendData(FullStop);
        hmac.AppendData(Encoding.UTF8.GetBytes(timestampText));
        hmac.AppendData(FullStop);
        hmac.AppendData(body);
        hmac.GetHashAndReset(destination);
    }

    // A full stop in the id would make "{id}.{ts}.{body}" ambiguous: (a, 1, "2.x") and (a.1, 2, "x") sign the same
    // bytes, so a signature could be replayed under a different id (the dedup key). The Standard Webhooks spec forbids it.
    public static bool IsValidMessageId(string messageId)
    {
        foreach (var c in messageId)
        {
            if (c == '.' || char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }
}

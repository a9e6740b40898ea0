using System.Security.Cryptography;
using System.Text;

namespace Steadfast.Protocol.Signing;

/// <summary>
/// Checks the <c>Authorization: Bearer …</c> token SDKs send to the server API (reference §7): with the
/// <c>signkey-&lt;env&gt;-</c> prefix stripped from both, the token must equal the raw secret or
/// <c>hex(sha256(hexdecode(secret)))</c> of the primary or fallback key.
/// </summary>
public static class BearerAuthenticator
{
    /// <summary>True when <paramref name="authorizationHeader"/> carries a token for one of <paramref name="keys"/>.</summary>
    public static bool IsAuthorized(string? authorizationHeader, IEnumerable<SigningKey?> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (string.IsNullOrWhiteSpace(authorizationHeader) ||
            !authorizationHeader.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var token = SigningKey.StripPrefix(authorizationHeader[7..].Trim());
        if (token.Length == 0)
        {
            return false;
        }

        var given = Encoding.ASCII.GetBytes(token.ToLowerInvariant());
        foreach (var key in keys)
        {
            if (key is null)
            {
                continue;
            }

            if (CryptographicOperations.FixedTimeEquals(given, Encoding.ASCII.GetBytes(key.Secret.ToLowerInvariant())) ||
                CryptographicOperations.FixedTimeEquals(given, Encoding.ASCII.GetBytes(SigningKey.HashSecret(key.Secret))))
            {
                return true;
            }
        }

        return false;
    }
}
